"""A refused credential fails the run without the secret reaching its logs or its record."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from devtools.testkit.log_capture import captured_json_logs
from ingestion.models import IngestionRun
from ingestion.sandbox.server import SandboxServer

pytestmark = pytest.mark.django_db

SECRET = "marker-creators-secret-0b7d"


def test_a_refused_secret_is_not_logged_or_stored(
    creators_api: SandboxServer, settings: Settings
) -> None:
    credential = settings.CREATORS_API_CREDENTIALS["NA"]
    settings.CREATORS_API_CREDENTIALS = {"NA": {**credential, "credential_secret": SECRET}}
    creators_api.configure(credentials=[f"NA:{credential['credential_id']}:the-real-secret"])
    output = StringIO()

    with captured_json_logs() as records, pytest.raises(CommandError):
        call_command("ingest_asins", creators_api.catalogue.asin(1), stdout=output, stderr=output)

    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED
    stored = json.dumps([run.message, run.errors, run.refused])
    assert SECRET not in stored
    assert SECRET not in output.getvalue()
    assert SECRET not in json.dumps(records)

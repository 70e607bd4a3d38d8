"""Secrets come from the environment and never reach a log line, a page or an ops endpoint."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import stock_catalogue
from devtools.testkit.log_capture import captured_json_logs
from ingestion.models import IngestionRun

pytestmark = pytest.mark.django_db

SECRETS = {
    "SECRET_KEY": "marker-secret-key-5d1c0a7e9b3f4e2a8c6d0b1f7e3a9c5d2b8f4e6a",
    "SENTRY_DSN": "https://marker-sentry-key-71ab@o1.ingest.sentry.io/1",
    "METRICS_TOKEN": "marker-metrics-token-4c2f",
}
DATABASE_PASSWORD = "marker-database-password-e8d0"
CREATORS_API_SECRET = "marker-creators-secret-93e1"


@pytest.fixture
def marked(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Recognisable values for every secret the site holds."""
    for name, value in SECRETS.items():
        setattr(settings, name, value)
    settings.AMAZON_PARTNER_TAGS = {"US": "marker-20"}
    settings.CREATORS_API_CREDENTIALS = {
        "NA": {
            "credential_id": "marker-id",
            "credential_secret": CREATORS_API_SECRET,
            "version": "3.1",
        }
    }
    # The open connection keeps working (local trust authentication); the marker is only
    # there to be looked for.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", DATABASE_PASSWORD)
    monkeypatch.setitem(settings.DATABASES["default"], "PASSWORD", DATABASE_PASSWORD)
    return [*SECRETS.values(), DATABASE_PASSWORD, CREATORS_API_SECRET]


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def test_no_page_ops_endpoint_or_log_line_shows_a_secret(
    marked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stock_catalogue()
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw")
    run = IngestionRun.objects.create(kind=IngestionRun.Kind.REFRESH)
    staff = Client()
    staff.force_login(admin)
    visitor = Client(raise_request_exception=False)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database said no")

    with captured_json_logs() as records:
        bodies = [
            visitor.get("/nowhere/").content,
            visitor.get("/health/").content,
            visitor.get("/health/ready/").content,
            visitor.get(
                "/metrics", HTTP_AUTHORIZATION=f"Bearer {SECRETS['METRICS_TOKEN']}"
            ).content,
            staff.get("/admin/").content,
            staff.get("/admin/auth/user/").content,
            staff.get(f"/admin/auth/user/{admin.pk}/change/").content,
            staff.get(f"/admin/ingestion/ingestionrun/{run.pk}/change/").content,
            staff.get("/admin/authtoken/tokenproxy/").content,
        ]
        monkeypatch.setattr("products.views.home.products_featured", broken)
        error = visitor.get("/us/")
        bodies.append(error.content)

    assert error.status_code == 500
    assert b"Something went wrong" in error.content
    for body in bodies:
        assert _leaks(body.decode(), marked) == []
    assert records, "no log line was captured"
    assert _leaks(json.dumps(records), marked) == []

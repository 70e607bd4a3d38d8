"""Property-based run of every operation in the project's own schema (schemathesis, in-process).

Each operation gets a bounded number of generated requests, anonymously and as staff; no
answer may be a server error, and each must match its documented status, type, headers and
body. Valid-looking input may still be refused (an unknown category, a stale cursor), so
acceptance of every schema-valid request is not among the checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from devtools.testkit.catalogue import fresh, node, stale
from ingestion.models import IngestionRun, Watchlist

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The schema /api/schema/ serves, generated in-process; requests go to the WSGI app itself.
DOCUMENT = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
schema = schemathesis.openapi.from_dict(DOCUMENT)
APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def catalogue(db: None, settings: Settings) -> Iterator[None]:
    """A small catalogue, a limit these runs cannot reach, and the test's own connection.

    Requests through the WSGI app must not close the test's transaction: Django's test
    client prevents that by the same means.
    """
    settings.RATE_LIMIT_MAX_REQUESTS = 1_000_000
    root = node("US", "1", "Kitchen")
    fresh(category=node("US", "1/2", "Kettles"), savings_percent=10)
    stale(category=root)
    fresh(published=False)
    Watchlist.objects.create(name="Lamps", keywords="lamp")
    IngestionRun.objects.create(kind=IngestionRun.Kind.IMPORT, requested=[["US", "B0AAAAAAAA"]])
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(db: None) -> str:
    user = User.objects.create_superuser("fuzz", "fuzz@example.com", "pw")
    return f"Token {Token.objects.create(user=user).key}"


@schema.parametrize()
@BOUNDED
def test_anonymous_requests_stay_on_schema(case: Any) -> None:
    case.call_and_validate(app=APP, checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_staff_requests_stay_on_schema(case: Any, staff_token: str) -> None:
    case.call_and_validate(app=APP, headers={"Authorization": staff_token}, checks=CHECKS)

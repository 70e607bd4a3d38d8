"""Property-based run of every operation in the project's own schema (schemathesis, in-process).

Each operation gets a bounded, derandomized number of generated requests, anonymously and
as staff, and then the stateful phase follows the schema's links: every built-in check
runs (no server error; the documented status, type, headers and body; schema-valid input
accepted and schema-violating input refused; auth honoured; a deleted watchlist gone).
Schemathesis' own list of answers that accept valid input holds 404, the answer to a cursor
the API did not issue, and 409, to a partial watchlist update that would leave it nothing
to search by; a filter that matches nothing is an empty page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management.color import no_style
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from devtools.testkit.catalogue import fresh, node, stale
from ingestion.models import IngestionRun, Watchlist

# `make test` runs 25 examples per operation; SCHEMATHESIS_EXAMPLES asks for a longer run
# (README, "Bad input").
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STATEFUL = settings(
    BOUNDED,
    max_examples=max(10, EXAMPLES // 2),
    stateful_step_count=6,
    suppress_health_check=list(HealthCheck),
)
# The schema /api/schema/ serves, generated in-process; requests go to the WSGI app itself.
DOCUMENT = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
# Schemathesis' answers that refuse invalid input, and the 414 a query string over the
# limit gets (documented on every operation).
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429"]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
APP = get_wsgi_application()
# What from_wsgi sets: the checks' own probes (a request without the token) go here too.
schema.app = APP


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
    case.call_and_validate(app=APP)


@schema.parametrize()
@BOUNDED
def test_staff_requests_stay_on_schema(case: Any, staff_token: str) -> None:
    case.call_and_validate(app=APP, headers={"Authorization": staff_token})


def run_stateful(headers: dict[str, str]) -> None:
    class Links(schema.as_state_machine()):  # type: ignore[misc]
        """Each scenario starts from the same catalogue, cache and id sequences.

        Hypothesis replays a failing scenario to shrink it; without this, a replay meets
        the watchlists and cached answers of the scenarios before it, and new ids, and
        reports the strategy as flaky instead of the failure.
        """

        def setup(self) -> None:
            cache.clear()
            self.savepoint = transaction.savepoint()
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(statement)

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def call(self, case: Any, **kwargs: Any) -> Any:
            return case.call(app=APP, headers=headers, **kwargs)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, headers=headers)

    Links.run(settings=STATEFUL)


def test_anonymous_sequences_along_the_links_stay_on_schema() -> None:
    run_stateful({})


def test_staff_sequences_along_the_links_stay_on_schema(staff_token: str) -> None:
    run_stateful({"Authorization": staff_token})

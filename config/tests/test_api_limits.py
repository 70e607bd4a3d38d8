"""The docs and schema have a limit of their own; the address's limit is decided before a
token is looked up, so a bad token costs what no token costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from devtools.testkit.api_clients import staff_user, token_client
from devtools.testkit.rate_limits import WINDOW_SECONDS, rate_limit_within_one_window

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"
DOCS = ("/api/docs/", "/api/docs/redoc/", "/api/schema/")
BAD_TOKEN = "Token 0000000000000000000000000000000000000000"


@pytest.fixture
def limit(settings: Settings) -> int:
    return rate_limit_within_one_window(settings, 3)


def test_reading_the_docs_never_counts_against_the_api(limit: int) -> None:
    api = APIClient()
    for _ in range(limit):
        assert api.get(LIST).status_code == 200
    assert api.get(LIST).status_code == 429

    assert [api.get(path).status_code for path in DOCS] == [200, 200, 200]


def test_the_docs_have_their_own_limit_and_the_api_keeps_its_own(limit: int) -> None:
    api = APIClient()
    statuses = [api.get("/api/schema/").status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]
    assert api.get("/api/docs/").status_code == 429
    assert api.get(LIST).status_code == 200


def test_a_bad_token_counts_like_no_token_and_gets_429_over_the_limit(limit: int) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=BAD_TOKEN)

    statuses = [api.get(LIST).status_code for _ in range(limit)]
    with CaptureQueriesContext(connection) as queries:
        over = api.get(LIST)

    assert statuses == [401] * limit
    assert over.status_code == 429
    assert over.json()["code"] == "throttled"
    assert 1 <= int(over["Retry-After"]) <= WINDOW_SECONDS
    assert len(queries) == 0, "no token lookup once the address is over its limit"
    assert APIClient().get(LIST).status_code == 429, "the bad tokens counted for the address"


def test_an_address_over_its_anonymous_limit_is_refused_whatever_token_it_sends(
    limit: int,
) -> None:
    staff = token_client(staff_user())
    for _ in range(limit):
        APIClient().get(LIST)

    assert staff.get(LIST).status_code == 429


def test_a_valid_token_has_its_own_limit_while_the_address_is_under(limit: int) -> None:
    staff = token_client(staff_user())

    statuses = [staff.get(LIST).status_code for _ in range(limit + 2)]

    assert statuses == [200] * (limit + 2)
    assert APIClient().get(LIST).status_code == 200

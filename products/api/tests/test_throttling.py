"""Rate limits: per window from settings, ten times higher signed in, counted in Redis."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from config.api.throttling import AUTHENTICATED_MULTIPLIER
from devtools.testkit.rate_limits import WINDOW_SECONDS, rate_limit_within_one_window

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def limit(settings: Settings) -> int:
    return rate_limit_within_one_window(settings, 3)


def test_anonymous_clients_get_429_with_retry_after(api: APIClient, limit: int) -> None:
    statuses = [api.get(LIST).status_code for _ in range(limit)]

    response = api.get(LIST)

    assert statuses == [200] * limit
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= WINDOW_SECONDS


def test_each_client_address_has_its_own_count(api: APIClient, limit: int) -> None:
    for _ in range(limit):
        api.get(LIST, REMOTE_ADDR="192.0.2.1")

    assert api.get(LIST, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert api.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_signed_in_clients_get_ten_times_the_limit(staff_api: APIClient, limit: int) -> None:
    allowed = limit * AUTHENTICATED_MULTIPLIER
    statuses = [staff_api.get(LIST).status_code for _ in range(allowed + 1)]

    assert statuses == [200] * allowed + [429]


def test_the_window_can_be_any_length(api: APIClient, settings: Settings) -> None:
    settings.RATE_LIMIT_MAX_REQUESTS = 1
    settings.RATE_LIMIT_WINDOW_MS = 1500
    # Start at the beginning of a window, so that the next one is 1.5 s away.
    time.sleep(1.5 - time.time() % 1.5)
    assert api.get(LIST).status_code == 200
    assert api.get(LIST).status_code == 429

    time.sleep(1.6)

    assert api.get(LIST).status_code == 200


def test_the_counters_live_in_the_shared_cache(api: APIClient, limit: int) -> None:
    for _ in range(limit + 1):
        api.get(LIST)
    assert api.get(LIST).status_code == 429

    # Another web process sees the same counters; clearing them lifts the limit for all.
    assert cache.keys("throttle:anonymous:*")  # type: ignore[attr-defined]
    cache.delete_pattern("throttle:*")  # type: ignore[attr-defined]

    assert api.get(LIST).status_code == 200

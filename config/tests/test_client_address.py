"""Client addresses behind trusted proxies: forged X-Forwarded-For entries change nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from config.security.client_address import client_address
from devtools.testkit.rate_limits import rate_limit_within_one_window

LIST = "/api/v1/products/"


def _address(forwarded: str | None, remote: str = "10.0.0.5") -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(request)


def test_with_no_trusted_proxy_the_header_is_ignored(settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0

    assert _address("203.0.113.9") == "10.0.0.5"
    assert _address(None) == "10.0.0.5"


@pytest.mark.parametrize("forged", ["", "1.2.3.4, ", "1.2.3.4, 5.6.7.8, "])
def test_entries_left_of_the_proxies_do_not_change_the_address(
    settings: Settings, forged: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    assert _address(f"{forged}198.51.100.7") == "198.51.100.7"


def test_two_proxies_take_the_second_entry_from_the_right(settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 2

    assert _address("1.2.3.4, 198.51.100.7, 10.0.0.9") == "198.51.100.7"
    # A request that somehow skipped a proxy still yields a header entry, never REMOTE_ADDR.
    assert _address("198.51.100.7") == "198.51.100.7"


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [0, 1])
def test_forged_headers_do_not_escape_the_api_rate_limit(settings: Settings, proxies: int) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    rate_limit_within_one_window(settings, 3)
    cache.clear()
    api = APIClient()

    statuses = [
        api.get(
            LIST, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.7"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]

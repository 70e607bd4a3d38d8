"""Fixtures every test gets, and the `browser` and `edge` markers on every test that drives
Chromium or Varnish."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Browser

from devtools.testkit.browser import chromium

pytest_plugins = ["devtools.testkit.api_fixtures", "devtools.testkit.edge"]

BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that asks for Chromium or the edge, so `-m "not browser"` and
    `-m "not edge"` leave them all out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if "edge" in fixtures:
            item.add_marker(pytest.mark.edge)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a page cached by one test must not serve another."""
    cache.clear()
    yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, shared by a module's browser tests."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    """The Celery broker's Redis, with the default queue empty before and after the test."""
    connection = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    connection.delete("celery")
    yield connection
    connection.delete("celery")
    connection.close()

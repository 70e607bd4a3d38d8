"""A private Redis stopped, restarted and frozen under a running site: it keeps answering."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductFactory
from devtools.testkit.servers import PrivateRedis, private_redis
from devtools.testkit.workers import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

PAGES = ("/us/", "/api/v1/products/")


@pytest.fixture
def redis_server(settings: Settings) -> Iterator[PrivateRedis]:
    """The site's cache on a private Redis, with the production cache options."""
    with private_redis() as server:
        cache: dict[str, Any] = {**settings.CACHES["default"], "LOCATION": server.url}
        settings.CACHES = {"default": cache}
        yield server
        caches["default"].close()


def timed_get(client: Client, path: str) -> tuple[Any, float]:
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(
    redis_server: PrivateRedis, client: Client
) -> None:
    ProductFactory.create_batch(3)
    assert client.get("/us/")["X-Cache"] == "miss"
    assert client.get("/us/")["X-Cache"] == "hit"

    # WHEN Redis goes away
    redis_server.stop()

    # THEN pages and the API still answer, uncached, and readiness says degraded
    for path in PAGES:
        assert client.get(path).status_code == 200
    assert client.get("/us/")["X-Cache"] == "miss"
    ready = client.get("/health/ready/")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["cache"]["status"] == "down"

    # WHEN Redis comes back (empty), THEN caching resumes in the same process, once the
    # 2 s pause after the last failure (config.ops.redis_breaker) has passed
    redis_server.start()
    wait_for(lambda: client.get("/us/")["X-Cache"] == "hit", timeout=5, what="a cache hit")
    assert client.get("/health/ready/").json()["checks"]["cache"]["status"] == "ok"


def test_a_hung_redis_delays_no_request_by_more_than_a_moment(
    redis_server: PrivateRedis, client: Client
) -> None:
    ProductFactory.create_batch(3)
    for path in PAGES:
        assert client.get(path).status_code == 200

    # WHEN Redis stops answering but keeps its port open (SIGSTOP)
    with redis_server.frozen():
        timings = {path: timed_get(client, path) for path in PAGES}

    # THEN every request still answers 200 within about 1.5 s
    for path, (response, seconds) in timings.items():
        assert response.status_code == 200, path
        assert seconds < 1.5, f"{path} took {seconds:.2f} s"

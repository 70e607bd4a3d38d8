"""/health/ and /health/ready/ against the real PostgreSQL, Redis cache and Redis broker."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.django_db


def _redis_cache(location: str) -> dict[str, object]:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }


def test_liveness_is_ok_and_never_cached(client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert response["Content-Type"] == "application/json"


def test_readiness_reports_every_dependency_ok(client: Client) -> None:
    response = client.get("/health/ready/")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "prices": "ok",
    }
    assert response["Cache-Control"] == "no-store, max-age=0"


def test_cache_down_is_degraded_but_still_ready(client: Client, settings: Settings) -> None:
    # GIVEN a Redis cache nobody listens for, with errors ignored as in production
    settings.CACHES = _redis_cache(CLOSED_PORT)

    response = client.get("/health/ready/")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "ok"


def test_the_storefront_keeps_serving_while_the_cache_is_down(
    client: Client, settings: Settings
) -> None:
    settings.CACHES = _redis_cache(CLOSED_PORT)
    ProductFactory(price_as_of=timezone.now())

    assert client.get("/us/").status_code == 200


def test_broker_down_is_not_ready(client: Client, settings: Settings) -> None:
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["broker"]["status"] == "down"
    assert "Connection refused" in response.json()["checks"]["broker"]["error"]


def test_database_down_is_not_ready(client: Client) -> None:
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("server closed")
    ):
        response = client.get("/health/ready/")

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["database"] == {
        "status": "down",
        "error": "OperationalError: server closed",
        "ms": body["checks"]["database"]["ms"],
    }
    assert "prices" not in body["checks"]


def test_the_oldest_shown_price_is_reported_and_flagged_when_stale(client: Client) -> None:
    now = timezone.now()
    ProductFactory(price_as_of=now - timedelta(hours=2))
    ProductFactory(price_as_of=now - timedelta(hours=30))
    # Unpublished, or without a price: not what the storefront shows.
    ProductFactory(price_as_of=now - timedelta(days=9), published=False)
    ProductFactory(price_as_of=now - timedelta(days=9), price_amount=None)

    body = client.get("/health/ready/").json()

    prices = body["checks"]["prices"]
    assert body["status"] == "degraded"
    assert prices["status"] == "stale"
    assert 30 * 3600 - 60 <= prices["oldest_price_age_seconds"] <= 30 * 3600 + 60
    assert prices["max_age_seconds"] == 86400
    assert prices["published_products"] == 3
    assert prices["stale_products"] == 2


def test_fresh_prices_are_ok(client: Client) -> None:
    ProductFactory(price_as_of=timezone.now() - timedelta(minutes=5))

    prices = client.get("/health/ready/").json()["checks"]["prices"]

    assert prices["status"] == "ok"
    assert 280 <= prices["oldest_price_age_seconds"] <= 320


def test_health_answers_the_load_balancer_by_ip_over_plain_http(
    client: Client, settings: Settings
) -> None:
    # GIVEN production's host check and HTTPS redirect; the ALB calls a task by its IP
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    live = client.get("/health/", HTTP_HOST="10.0.12.34:8000")
    ready = client.get("/health/ready/", HTTP_HOST="10.0.12.34:8000")
    page = client.get("/", HTTP_HOST="10.0.12.34:8000")

    assert live.status_code == 200
    assert ready.status_code == 200
    assert page.status_code == 400


def test_health_is_never_rate_limited(client: Client, settings: Settings) -> None:
    settings.RATE_LIMIT_MAX_REQUESTS = 1

    statuses = {client.get("/health/").status_code for _ in range(20)}

    assert statuses == {200}


def test_other_methods_fall_through_to_the_site(client: Client) -> None:
    assert client.post("/health/").status_code != 200

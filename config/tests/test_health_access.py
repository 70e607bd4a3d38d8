"""/health/ready/ gives its details only to the operators' callers; others get a status word.

The same rule as /metrics (config/ops/operator_access.py): the metrics token when one is
set, else a private caller that did not come through the load balancer.
"""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"  # documentation ranges count as private
CLOSED_PORT = "redis://127.0.0.1:1/0"


def test_liveness_stays_open_to_anyone(client: Client) -> None:
    response = client.get("/health/", REMOTE_ADDR=PUBLIC, HTTP_X_FORWARDED_FOR=PUBLIC)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_private_caller_gets_the_details(client: Client) -> None:
    body = client.get("/health/ready/", REMOTE_ADDR="10.0.1.5").json()

    assert set(body) == {"status", "checks"}
    assert {"database", "cache", "broker", "prices"} <= set(body["checks"])


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": PUBLIC},
        # Through the load balancer every caller seems private: its forwarding gives it away.
        {"REMOTE_ADDR": "10.0.1.5", "HTTP_X_FORWARDED_FOR": PUBLIC},
    ],
)
def test_a_public_caller_gets_only_the_status_word(client: Client, headers: dict[str, str]) -> None:
    response = client.get("/health/ready/", **headers)  # type: ignore[arg-type]

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store, max-age=0"


def test_a_public_caller_is_told_degraded_and_down_with_their_status_codes(
    client: Client, settings: Settings
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    degraded = client.get("/health/ready/", REMOTE_ADDR=PUBLIC)
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    down = client.get("/health/ready/", REMOTE_ADDR=PUBLIC)

    assert (degraded.status_code, degraded.json()) == (200, {"status": "degraded"})
    assert (down.status_code, down.json()) == (503, {"status": "down"})


def test_with_a_metrics_token_only_its_bearer_gets_the_details(
    client: Client, settings: Settings
) -> None:
    settings.METRICS_TOKEN = "scrape-secret-1234"

    bearer = client.get(
        "/health/ready/", REMOTE_ADDR=PUBLIC, HTTP_AUTHORIZATION="Bearer scrape-secret-1234"
    )
    private_without = client.get("/health/ready/", REMOTE_ADDR="10.0.1.5")
    wrong = client.get("/health/ready/", REMOTE_ADDR=PUBLIC, HTTP_AUTHORIZATION="Bearer nope")

    assert "checks" in bearer.json()
    assert private_without.json() == {"status": "ok"}
    assert wrong.json() == {"status": "ok"}

"""/metrics: who may scrape it, request metrics, and the gauges read from real services."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings
from redis import Redis

from config.ops.cloudwatch import NAMESPACE, emf_document
from config.ops.gauges import Gauges
from devtools.testkit.catalogue import ProductFactory
from ingestion.quota import _quota, request_quota

pytestmark = pytest.mark.django_db


def _value(body: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", body, re.MULTILINE)
    assert match, f"{name}{labels} not in the scrape"
    return float(match.group(1))


@pytest.fixture
def empty_quota() -> Iterator[None]:
    def forget() -> None:
        client = Redis.from_url(django_settings.REDIS_URL)
        for key in client.scan_iter(match="creatorsapi:quota*"):
            client.delete(key)
        client.close()
        _quota.cache_clear()

    forget()
    yield
    forget()


def test_a_private_caller_may_scrape(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="10.0.3.7")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert response["Cache-Control"] == "no-store, max-age=0"


@pytest.mark.parametrize(
    ("remote", "headers"),
    [("93.184.216.34", {}), ("10.0.0.5", {"X-Forwarded-For": "198.51.100.4"})],
)
def test_public_callers_and_requests_through_the_load_balancer_are_refused(
    client: Client, remote: str, headers: dict[str, str]
) -> None:
    assert client.get("/metrics", REMOTE_ADDR=remote, headers=headers).status_code == 404


def test_with_a_token_only_its_bearer_may_scrape(client: Client, settings: Settings) -> None:
    settings.METRICS_TOKEN = "scrape-secret-1234"

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", REMOTE_ADDR="127.0.0.1")
    ).status_code == 404
    allowed = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-1234", REMOTE_ADDR="93.184.216.34"
    )
    assert allowed.status_code == 200


def test_requests_are_counted_by_route_and_status(client: Client) -> None:
    labels = '{method="GET",route="/<store:marketplace>/",status="200"}'
    before = client.get("/metrics").content.decode()
    start = (
        _value(before, "catalogue_http_request_duration_seconds_count", labels)
        if (f"catalogue_http_request_duration_seconds_count{labels}" in before)
        else 0.0
    )

    client.get("/us/")
    client.get("/us/")
    after = client.get("/metrics").content.decode()

    assert _value(after, "catalogue_http_request_duration_seconds_count", labels) == start + 2
    assert "catalogue_page_cache_lookups_total" in after
    assert 'route="/metrics"' not in after


def test_queue_depth_is_the_length_of_the_celery_queue(
    client: Client, settings: Settings, broker: Redis
) -> None:
    queue = f"test-queue-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    broker.lpush(queue, "m1", "m2", "m3")
    broker.lpush(f"{queue}\x06\x163", "m4")
    try:
        body = client.get("/metrics").content.decode()
    finally:
        broker.delete(queue, f"{queue}\x06\x163")

    assert _value(body, "catalogue_celery_queue_depth") == 4


def test_quota_used_today_comes_from_the_shared_bucket(
    client: Client, settings: Settings, empty_quota: None
) -> None:
    settings.CREATORS_API_TPS = 100.0
    settings.CREATORS_API_TPD = 500
    quota = request_quota("NA")
    assert quota.acquire(timeout=5)
    assert quota.acquire(timeout=5)

    body = client.get("/metrics").content.decode()

    assert _value(body, "catalogue_creators_api_requests_today") == 2
    assert _value(body, "catalogue_creators_api_requests_per_day") == 500


def test_catalogue_freshness_and_cache_hit_ratio(client: Client) -> None:
    now = timezone.now()
    ProductFactory(price_as_of=now - timedelta(hours=1))
    ProductFactory(price_as_of=now - timedelta(hours=25))
    ProductFactory(price_as_of=None, price_amount=None)

    body = client.get("/metrics").content.decode()

    assert _value(body, "catalogue_published_products") == 3
    assert _value(body, "catalogue_stale_products") == 2
    assert 25 * 3600 - 60 <= _value(body, "catalogue_oldest_price_age_seconds") <= 25 * 3600 + 60
    assert 0 <= _value(body, "catalogue_redis_keyspace_hit_ratio") <= 1


def test_an_unreachable_service_hides_only_its_gauges(client: Client, settings: Settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/metrics")

    body = response.content.decode()
    assert response.status_code == 200
    assert "catalogue_celery_queue_depth" not in body
    assert "catalogue_published_products" in body


def test_the_gauges_as_a_cloudwatch_emf_document() -> None:
    gauges = Gauges(
        queue_depth=7,
        quota_used_today=120,
        quota_per_day=8640,
        published_products=40,
        stale_products=1,
        oldest_price_age_seconds=90000.0,
        cache_hit_ratio=None,
    )
    at = timezone.now()

    document = emf_document(gauges, environment="production", at=at)

    directive = document["_aws"]["CloudWatchMetrics"][0]
    names = [metric["Name"] for metric in directive["Metrics"]]
    assert document["_aws"]["Timestamp"] == int(at.timestamp() * 1000)
    assert directive["Namespace"] == NAMESPACE
    assert directive["Dimensions"] == [["Environment"]]
    assert document["Environment"] == "production"
    assert "RedisKeyspaceHitRatio" not in names
    for name in names:
        assert isinstance(document[name], int | float)
    assert document["QueueDepth"] == 7
    assert document["OldestPriceAgeSeconds"] == 90000.0


def test_emit_gauges_prints_one_emf_line(capsys: pytest.CaptureFixture[str]) -> None:
    ProductFactory(price_as_of=timezone.now())

    call_command("emit_gauges", "--environment", "staging")

    (line,) = capsys.readouterr().out.strip().splitlines()
    document = json.loads(line)
    assert document["Environment"] == "staging"
    assert document["PublishedProducts"] == 1
    assert document["StaleProducts"] == 0
    assert "QueueDepth" in document

"""The /metrics endpoint in Prometheus text format: request metrics and gauges read on scrape.

Under gunicorn each worker process writes its metrics to PROMETHEUS_MULTIPROC_DIR and a
scrape adds them up; without that variable (runserver, tests) the process's own registry
is the whole answer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from config.ops.gauges import Gauges, operational_gauges
from config.ops.operator_access import operator_allowed

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class GaugesCollector(Collector):
    """Reads the operational gauges once per scrape."""

    def collect(self) -> Iterator[Metric]:
        gauges = operational_gauges()
        yield from _families(gauges)


def _gauge(name: str, documentation: str, value: float | None) -> Iterator[Metric]:
    if value is not None:
        yield GaugeMetricFamily(name, documentation, value=value)


def _families(gauges: Gauges) -> Iterator[Metric]:
    yield from _gauge(
        "catalogue_celery_queue_depth", "Tasks waiting in the Celery queue.", gauges.queue_depth
    )
    yield from _gauge(
        "catalogue_creators_api_requests_today",
        "Creators API requests spent in the current UTC day.",
        gauges.quota_used_today,
    )
    yield from _gauge(
        "catalogue_creators_api_requests_per_day",
        "The account's daily Creators API request quota.",
        gauges.quota_per_day,
    )
    yield from _gauge(
        "catalogue_published_products", "Products published.", gauges.published_products
    )
    yield from _gauge(
        "catalogue_stale_products",
        "Published products whose price is older than PRICE_MAX_AGE or missing.",
        gauges.stale_products,
    )
    yield from _gauge(
        "catalogue_oldest_price_age_seconds",
        "Age of the oldest price a published product has.",
        gauges.oldest_price_age_seconds,
    )
    yield from _gauge(
        "catalogue_redis_keyspace_hit_ratio",
        "Redis keyspace hits over lookups since the server started.",
        gauges.cache_hit_ratio,
    )


def _request_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition; 404 to callers that may not scrape, as if it did not exist."""
    if not operator_allowed(request):
        return HttpResponse(status=404)
    gauges = CollectorRegistry()
    gauges.register(GaugesCollector())
    response = HttpResponse(_request_metrics() + generate_latest(gauges), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store, max-age=0"
    return response

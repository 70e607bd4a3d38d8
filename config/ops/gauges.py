"""Figures computed when asked: queue depth, API quota used, catalogue freshness, cache hits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis import Redis

from config.ops.catalogue_freshness import catalogue_freshness
from ingestion.quota import request_quota
from ingestion.regions import carried_regions, region_limits

logger = logging.getLogger(__name__)

T = TypeVar("T")

# kombu's Redis transport keeps a queue's messages in one list per priority step
# (the name itself, then the name plus "\x06\x16" and the step).
PRIORITY_STEPS = (0, 3, 6, 9)
PRIORITY_SEPARATOR = "\x06\x16"


@dataclass(frozen=True)
class Gauges:
    queue_depth: int | None
    quota_used_today: int | None
    quota_per_day: int
    published_products: int
    stale_products: int
    oldest_price_age_seconds: float | None
    cache_hit_ratio: float | None


def queue_depth() -> int | None:
    """Messages waiting in the default Celery queue (Redis or filesystem broker)."""
    url = settings.CELERY_BROKER_URL
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    if url.startswith(("redis://", "rediss://")):
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            keys = [
                queue if step == 0 else f"{queue}{PRIORITY_SEPARATOR}{step}"
                for step in PRIORITY_STEPS
            ]
            return sum(int(client.llen(key)) for key in keys)
        finally:
            client.close()
    if url.startswith("filesystem://"):
        folder = Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]))
        return sum(1 for path in folder.glob(f"*.{queue}.msg"))
    return None


def quota_used_today() -> int | None:
    """Creators API requests spent today by every carried region's credential, from the
    buckets every worker shares (Redis only)."""
    if not settings.REDIS_URL:
        return None
    return sum(
        region_limits(region)[1] - request_quota(region).remaining_today()
        for region in carried_regions()
    )


def quota_per_day() -> int:
    """The daily request quotas of the carried regions' credentials, together."""
    return sum(region_limits(region)[1] for region in carried_regions())


def cache_hit_ratio() -> float | None:
    """Redis keyspace hits over lookups since it started; None without a Redis cache."""
    if not isinstance(caches["default"], RedisCache):
        return None
    stats = get_redis_connection("default").info("stats")
    hits, misses = int(stats["keyspace_hits"]), int(stats["keyspace_misses"])
    return hits / (hits + misses) if hits + misses else None


def _or_none(name: str, read: Callable[[], T]) -> T | None:
    """A gauge that cannot be read is reported missing, never as an error of the scrape."""
    try:
        return read()
    except Exception as error:
        logger.warning("Gauge %s unavailable: %s", name, error)
        return None


def operational_gauges() -> Gauges:
    """Every gauge, each read on its own so one unreachable service hides only its figures."""
    now = timezone.now()
    freshness = _or_none("catalogue_freshness", lambda: catalogue_freshness(now=now))
    return Gauges(
        queue_depth=_or_none("queue_depth", queue_depth),
        quota_used_today=_or_none("quota_used_today", quota_used_today),
        quota_per_day=quota_per_day(),
        published_products=freshness.published if freshness else 0,
        stale_products=freshness.stale if freshness else 0,
        oldest_price_age_seconds=freshness.oldest_price_age(now=now) if freshness else None,
        cache_hit_ratio=_or_none("cache_hit_ratio", cache_hit_ratio),
    )

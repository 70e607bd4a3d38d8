"""The test settings reach real servers: PostgreSQL for data, Redis for the cache."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def test_the_cache_is_redis_over_a_real_connection() -> None:
    key = f"probe-{uuid.uuid4()}"
    cache.set(key, {"price": "24.99"}, timeout=30)

    direct = redis.Redis.from_url(settings.REDIS_URL)
    stored = list(direct.scan_iter(match=f"*{key}*"))

    assert cache.get(key) == {"price": "24.99"}
    assert len(stored) == 1
    cache.delete(key)
    assert cache.get(key) is None


@pytest.mark.django_db
def test_the_database_is_postgresql() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert int(version) >= 130000

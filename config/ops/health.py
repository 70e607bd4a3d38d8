"""Liveness and readiness: is the process up, and can it reach what it depends on.

Readiness answers 503 only when the database or the broker is unreachable: without them no
page renders and no task is queued. A Redis cache outage is "degraded" with 200, because the
site keeps serving uncached (django-redis ignores cache errors), and so are prices older than
PRICE_MAX_AGE: pages then hide them, and the fix is in ingestion, not in replacing web tasks.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from kombu import Connection

from config.ops.catalogue_freshness import catalogue_freshness
from config.ops.operator_access import operator_allowed

logger = logging.getLogger(__name__)

Check = dict[str, Any]

BROKER_TIMEOUT_SECONDS = 2


def _timed(probe: Callable[[], Check]) -> Check:
    started = time.perf_counter()
    try:
        result = probe()
    except Exception as error:
        result = {"status": "down", "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> Check:
    """A real query on the default database."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def check_cache() -> Check:
    """Write a probe key and read it back: with errors ignored, a miss alone proves nothing."""
    cache = caches["default"]
    key = f"health:probe:{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    read_back = cache.get(key)
    cache.delete(key)
    if read_back != token:
        return {"status": "down", "error": "a value written to the cache could not be read back"}
    return {"status": "ok"}


def check_broker() -> Check:
    """Connect to the Celery broker once, with a short timeout and no retries."""
    options = {
        **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
        transport_options=options,
    ) as connection:
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    return {"status": "ok"}


def check_prices() -> Check:
    """The age of the oldest price a published product has, flagged past PRICE_MAX_AGE."""
    now = timezone.now()
    freshness = catalogue_freshness(now=now)
    age = freshness.oldest_price_age(now=now)
    stale = age is not None and age > settings.PRICE_MAX_AGE
    return {
        "status": "stale" if stale else "ok",
        "oldest_price_age_seconds": None if age is None else round(age),
        "max_age_seconds": settings.PRICE_MAX_AGE,
        "stale_products": freshness.stale,
        "published_products": freshness.published,
    }


def readiness() -> tuple[int, dict[str, Any]]:
    """The HTTP status and body of /health/ready/."""
    checks = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "broker": _timed(check_broker),
    }
    if checks["database"]["status"] == "ok":
        checks["prices"] = _timed(check_prices)
    if any(checks[name]["status"] != "ok" for name in ("database", "broker")):
        status, code = "down", 503
    elif any(check["status"] != "ok" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    if status != "ok":
        failing = {name: check for name, check in checks.items() if check["status"] != "ok"}
        logger.warning("Readiness %s: %s", status, failing, extra={"health": status})
    return code, {"status": status, "checks": checks}


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store, max-age=0"
    return response


def health_live(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; touches nothing else, so it stays cheap."""
    return _no_store(JsonResponse({"status": "ok"}))


def health_ready(request: HttpRequest) -> JsonResponse:
    """Database, cache, broker and price freshness, as JSON: 200 or 503. Other callers than
    the operators' (config/ops/operator_access.py) get the status word alone: latencies,
    counts and errors describe the inside."""
    code, body = readiness()
    if not operator_allowed(request):
        body = {"status": body["status"]}
    return _no_store(JsonResponse(body, status=code))

"""One Creators API request's worth of work: call, retry what is transient, map, store."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone

from ingestion.access import access_confirmed, access_denied
from ingestion.client import (
    AccessDenied,
    AuthFailed,
    BadResponse,
    CreatorsGateway,
    ItemError,
    Throttled,
    Transient,
)
from ingestion.mapping import ItemWithoutAsin, item_to_record
from ingestion.models import IngestionRun
from ingestion.runs import ingestion_run_add_errors, ingestion_run_count_upsert
from products.records import ProductRecord
from products.services import product_upsert, products_mark_unavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Transient failures (5xx, timeouts) are retried this many times with capped, jittered
# backoff; 429s wait as Amazon says (Retry-After), up to MAX_THROTTLE_WAIT each.
TRANSIENT_ATTEMPTS = 4
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
MAX_THROTTLE_WAIT = 30.0
MAX_THROTTLED_ATTEMPTS = 6

# Amazon's per-item codes that mean the item is gone from the API for this account.
GONE_CODES = {"ItemNotAccessible", "ItemNotFound", "InvalidItemId", "ItemsNotFound"}


class BatchFailed(Exception):
    """A request kept failing; its items are recorded as failed and the run goes on."""


def call_with_retries(run: IngestionRun, call: Callable[[], T]) -> T:
    """Make one API request, counting it, waiting out 429s and retrying transient errors."""
    transient = throttled = 0
    while True:
        run.api_requests += 1
        try:
            result = call()
        except Throttled as error:
            run.throttled += 1
            throttled += 1
            if throttled >= MAX_THROTTLED_ATTEMPTS:
                raise BatchFailed(f"still throttled after {throttled} attempts: {error}") from error
            time.sleep(min(error.retry_after, MAX_THROTTLE_WAIT))
        except (Transient, BadResponse) as error:
            transient += 1
            if transient >= TRANSIENT_ATTEMPTS:
                raise BatchFailed(
                    f"{type(error).__name__} after {transient} attempts: {error}"
                ) from error
            delay = min(BACKOFF_CAP, BACKOFF_BASE * 2**transient)
            time.sleep(delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 (jitter, not secrets)
        except (AccessDenied, AuthFailed) as error:
            # Retrying cannot fix either: stop spending requests until the probe finds
            # access back (or staff, having fixed the credentials, ask for a try now).
            access_denied(reason=error.reason, message=str(error))
            raise
        else:
            access_confirmed()
            return result


def records_from_items(
    run: IngestionRun, items: list[dict[str, object]], *, marketplace: str
) -> list[ProductRecord]:
    fetched_at = timezone.now()
    records = []
    for item in items:
        try:
            records.append(item_to_record(item, marketplace=marketplace, fetched_at=fetched_at))
        except ItemWithoutAsin as error:
            ingestion_run_add_errors(run, [("?", "ItemWithoutAsin", str(error))])
    return records


def store_items(run: IngestionRun, items: list[dict[str, object]], *, marketplace: str) -> None:
    records = records_from_items(run, items, marketplace=marketplace)
    run.items_seen += len(records)
    ingestion_run_count_upsert(run, product_upsert(records))


def fetch_batch(
    run: IngestionRun,
    gateway: CreatorsGateway,
    *,
    marketplace: str,
    asins: list[str],
    mark_gone: bool,
) -> None:
    """GetItems for up to 10 ASINs; items Amazon no longer serves are marked unavailable."""
    try:
        outcome = call_with_retries(
            run, lambda: gateway.get_items(marketplace=marketplace, asins=asins)
        )
    except BatchFailed as error:
        ingestion_run_add_errors(run, ((asin, "RequestFailed", str(error)) for asin in asins))
        return
    store_items(run, outcome.items, marketplace=marketplace)
    _record_item_errors(run, outcome.errors, marketplace=marketplace, mark_gone=mark_gone)


def _record_item_errors(
    run: IngestionRun, errors: list[ItemError], *, marketplace: str, mark_gone: bool
) -> None:
    ingestion_run_add_errors(run, ((e.asin, e.code, e.message) for e in errors))
    gone = [e.asin for e in errors if e.code in GONE_CODES]
    if mark_gone and gone:
        products_mark_unavailable(marketplace=marketplace, asins=gone, at=timezone.now())

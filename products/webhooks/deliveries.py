"""Deliveries: created for matching webhooks, queued, attempted, retried, and recorded."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from products.events import CatalogueEvent
from products.webhooks.models import TEST_EVENT, Delivery, Webhook
from products.webhooks.signing import webhook_signature
from products.webhooks.transport import webhook_post

logger = logging.getLogger(__name__)

# Retries wait 30 s, 60 s, 120 s ... at most an hour, each jittered down by up to half, so
# hooks that failed together do not all come back at once: 8 attempts span about 2 hours.
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# An attempt holds its delivery this long (well past two timeouts and the task's time
# limit), so the sweep does not hand it to a second worker while the first still sends.
ATTEMPT_LEASE = timedelta(seconds=120)
# The sweep queues at most this many due deliveries per run; the rest wait for the next.
SWEEP_BATCH = 500
# Finished deliveries are kept this long for the admin, then deleted.
DELIVERY_RETENTION = timedelta(days=30)


def webhook_deliveries_create(events: Sequence[CatalogueEvent]) -> list[Delivery]:
    """A pending delivery for every active webhook that takes each event, in one insert."""
    hooks = list(Webhook.objects.filter(active=True))
    now = timezone.now()
    deliveries = [
        Delivery(webhook=hook, event=event.kind, payload=event.as_json(), next_attempt_at=now)
        for event in events
        for hook in hooks
        if hook.takes(event.kind, event.marketplace)
    ]
    return Delivery.objects.bulk_create(deliveries) if deliveries else []


def webhook_test_delivery_create(webhook: Webhook) -> Delivery:
    """A test event for one webhook, whatever events it takes."""
    now = timezone.now()
    payload = {"webhook": webhook.name, "at": now.isoformat(), "message": "A test delivery."}
    return Delivery.objects.create(
        webhook=webhook, event=TEST_EVENT, payload=payload, next_attempt_at=now
    )


def webhook_deliveries_due(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> list[int]:
    """Pending deliveries whose next attempt is due, oldest first."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def webhook_deliveries_retry_now(deliveries: QuerySet[Delivery]) -> list[int]:
    """Make pending or failed deliveries due now (one more attempt for a failed one)."""
    ids = list(deliveries.exclude(status=Delivery.Status.SUCCEEDED).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now()
    )
    return ids


def webhook_deliveries_prune(*, now: datetime | None = None) -> int:
    """Delete finished deliveries older than DELIVERY_RETENTION."""
    cutoff = (now or timezone.now()) - DELIVERY_RETENTION
    deleted, _ = (
        Delivery.objects.exclude(status=Delivery.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .delete()
    )
    return deleted


def retry_delay(attempt: int) -> timedelta:
    """The wait after a failed attempt number `attempt` (1 for the first)."""
    delay = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 (jitter)


def webhook_delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> Delivery | None:
    """Send a due delivery once and record the outcome; None when it is not due (or taken)."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + ATTEMPT_LEASE, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    webhook = delivery.webhook
    if not webhook.active:
        return _finish(
            delivery, status=Delivery.Status.FAILED, error="The webhook is switched off."
        )
    body = json.dumps(delivery.body(), separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "catalogue-webhooks/1",
        "X-Webhook-Id": str(delivery.uuid),
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Timestamp": timestamp,
        "X-Webhook-Signature": webhook_signature(
            secret=webhook.secret, timestamp=timestamp, body=body
        ),
    }
    outcome = webhook_post(webhook.url, body=body, headers=headers)
    delivery.response_status = outcome.status
    delivery.response_body = outcome.body
    delivery.duration_ms = outcome.duration_ms
    error = outcome.error or ("" if outcome.succeeded else f"HTTP {outcome.status}")
    if outcome.succeeded:
        return _finish(delivery, status=Delivery.Status.SUCCEEDED, error="")
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        return _finish(delivery, status=Delivery.Status.FAILED, error=error)
    delivery.error = error
    delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    delivery.save(update_fields=[*_OUTCOME_FIELDS, "error", "next_attempt_at"])
    logger.info(
        "webhook delivery failed; retrying later",
        extra={"delivery": delivery.pk, "attempt": delivery.attempts, "error": error},
    )
    return delivery


_OUTCOME_FIELDS = ("response_status", "response_body", "duration_ms")


def _finish(delivery: Delivery, *, status: str, error: str) -> Delivery:
    delivery.status = status
    delivery.error = error
    delivery.next_attempt_at = None
    delivery.save(update_fields=[*_OUTCOME_FIELDS, "status", "error", "next_attempt_at"])
    return delivery

"""Celery tasks: one attempt per delivery, and the sweep that sends what is due again."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import shared_task

from products.webhooks import deliveries

logger = logging.getLogger(__name__)


# Two timeouts (connect, read) of at most 30 s each fit well inside the limits.
@shared_task(
    name="webhooks.webhook_delivery_attempt", acks_late=True, soft_time_limit=75, time_limit=90
)
def webhook_delivery_attempt(delivery_id: int) -> str:
    delivery = deliveries.webhook_delivery_attempt(delivery_id)
    return delivery.status if delivery else "not due"


@shared_task(name="webhooks.webhook_deliveries_sweep", soft_time_limit=50, time_limit=55)
def webhook_deliveries_sweep() -> int:
    """Queue pending deliveries whose next attempt is due, including any the broker missed."""
    deliveries.webhook_deliveries_prune()
    return deliveries_enqueue(deliveries.webhook_deliveries_due())


def deliveries_enqueue(delivery_ids: Iterable[int]) -> int:
    """Hand each delivery to a worker; one the broker does not take waits for the sweep."""
    queued = 0
    for delivery_id in delivery_ids:
        try:
            # No publish retries: a broker that is down must not hold up the writer.
            webhook_delivery_attempt.apply_async((delivery_id,), retry=False)
        except Exception:  # kombu raises many types for one thing: no broker
            logger.warning(
                "webhook delivery not queued; the sweep will send it",
                exc_info=True,
                extra={"delivery": delivery_id},
            )
        else:
            queued += 1
    return queued

"""Celery tasks for price alerts; the work is in products.alerts.delivery."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from products.alerts import delivery
from products.alerts.selectors import products_with_alerts_changed_since

# The sweep runs every 15 minutes and looks back two hours, so a run or two that beat or
# the worker missed is still covered; sending is idempotent, so overlap costs nothing.
SWEEP_LOOKBACK = timedelta(hours=2)


class AlertsNotSent(Exception):
    """Some alerts could not be sent; a retry sends those (the rest are marked sent)."""


@shared_task(
    name="alerts.price_alerts_send",
    acks_late=True,
    # Out of time, the alerts already sent are marked: the retry sends only the rest.
    autoretry_for=(AlertsNotSent, SoftTimeLimitExceeded),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def price_alerts_send(product_ids: list[int]) -> dict[str, int]:
    result = delivery.price_alerts_send(product_ids)
    if result.failed:
        raise AlertsNotSent(f"{len(result.failed)} alert emails failed: {result.failed[:20]}")
    return {"sent": result.sent}


@shared_task(name="alerts.price_alerts_sweep", acks_late=True, time_limit=600)
def price_alerts_sweep() -> dict[str, int]:
    """Alerts whose task never reached the broker (it was down) are sent by this sweep."""
    product_ids = products_with_alerts_changed_since(timezone.now() - SWEEP_LOOKBACK)
    return price_alerts_send(product_ids) if product_ids else {"sent": 0}

"""Celery tasks for price alerts; the work is in products.alerts.delivery."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from products.alerts.delivery import price_alerts_send


class AlertsNotSent(Exception):
    """Some alerts could not be sent; a retry sends those (the rest are marked sent)."""


@shared_task(
    name="alerts.send_price_alerts",
    acks_late=True,
    # Out of time, the alerts already sent are marked: the retry sends only the rest.
    autoretry_for=(AlertsNotSent, SoftTimeLimitExceeded),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def send_price_alerts(product_ids: list[int]) -> dict[str, int]:
    result = price_alerts_send(product_ids)
    if result.failed:
        raise AlertsNotSent(f"{len(result.failed)} alert emails failed: {result.failed[:20]}")
    return {"sent": result.sent}

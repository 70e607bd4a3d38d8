"""Periodic catalogue maintenance; ingestion's tasks live in ingestion.tasks."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from products.search_words import search_words_refresh
from products.stock_monitor import products_to_unpublish, products_unpublish_unavailable

logger = logging.getLogger(__name__)


@shared_task(name="products.refresh_search_words", acks_late=True, time_limit=600)
def refresh_search_words() -> None:
    search_words_refresh()


@shared_task(name="products.unpublish_unavailable", acks_late=True, time_limit=600)
def unpublish_unavailable() -> int:
    """Daily: unpublish long-unavailable products when STOCK_MONITOR_AUTO_UNPUBLISH is on."""
    days, now = settings.STOCK_MONITOR_DAYS, timezone.now()
    if not settings.STOCK_MONITOR_AUTO_UNPUBLISH:
        logger.info(
            "stock monitor: automatic unpublishing is off; %d product(s) would be unpublished",
            products_to_unpublish(days=days, now=now).count(),
        )
        return 0
    return products_unpublish_unavailable(days=days, now=now)

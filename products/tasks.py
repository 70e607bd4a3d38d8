"""Periodic catalogue maintenance, each task named `products.<function>` after its service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from products import search_words, stock_monitor

logger = logging.getLogger(__name__)


@shared_task(name="products.search_words_refresh", acks_late=True, time_limit=600)
def search_words_refresh() -> None:
    search_words.search_words_refresh()


@shared_task(name="products.products_unpublish_unavailable", acks_late=True, time_limit=600)
def products_unpublish_unavailable() -> int:
    """Daily: unpublish long-unavailable products when STOCK_MONITOR_AUTO_UNPUBLISH is on."""
    days, now = settings.STOCK_MONITOR_DAYS, timezone.now()
    if not settings.STOCK_MONITOR_AUTO_UNPUBLISH:
        logger.info(
            "stock monitor: automatic unpublishing is off; %d product(s) would be unpublished",
            stock_monitor.products_to_unpublish(days=days, now=now).count(),
        )
        return 0
    return stock_monitor.products_unpublish_unavailable(days=days, now=now)

"""The catalogue's periodic maintenance; config.ops.beat_schedules keeps it in beat's tables."""

from __future__ import annotations

from config.ops.beat_schedules import DailyAt, Every, PeriodicEntry

SCHEDULES = [
    PeriodicEntry(
        name="Refresh the search vocabulary",
        task="products.search_words_refresh",
        schedule=Every(3600),
        expire_seconds=3300,
    ),
    PeriodicEntry(
        # Does nothing unless STOCK_MONITOR_AUTO_UNPUBLISH is on.
        name="Unpublish long-unavailable products",
        task="products.products_unpublish_unavailable",
        schedule=DailyAt(hour=5, minute=30),
        expire_seconds=3600,
    ),
]

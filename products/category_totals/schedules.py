"""The hourly recount of category totals; config.ops.beat_schedules keeps it in beat's tables."""

from __future__ import annotations

from config.ops.beat_schedules import Every, PeriodicEntry

SCHEDULES = [
    PeriodicEntry(
        # The home page's top categories show these totals instead of counting on each render.
        name="Recount products per top category",
        task="category_totals.category_totals_refresh",
        schedule=Every(3600),
        expire_seconds=3300,
    ),
]

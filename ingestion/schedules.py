"""Ingestion's periodic work; config.ops.beat_schedules keeps it in beat's tables."""

from __future__ import annotations

from config.ops.beat_schedules import DailyAt, Every, PeriodicEntry

# Beat starts a price refresh this often (seconds); ingestion.capacity sizes each run by it.
REFRESH_PERIOD = 60

SCHEDULES = [
    PeriodicEntry(
        name="Refresh stale prices",
        task="ingestion.prices_refresh",
        schedule=Every(REFRESH_PERIOD),
        expire_seconds=REFRESH_PERIOD - 5,
    ),
    PeriodicEntry(
        # A run whose whole worker died (no failure signal) is failed here.
        name="Mark abandoned ingestion runs",
        task="ingestion.ingestion_runs_abandon_stale",
        schedule=Every(300),
        expire_seconds=280,
    ),
    PeriodicEntry(
        name="Run active watchlists",
        task="ingestion.watchlists_run_active",
        schedule=DailyAt(hour=3, minute=15),
        expire_seconds=3600,
    ),
    PeriodicEntry(
        name="Refresh the browse-node tree",
        task="ingestion.browse_nodes_refresh",
        schedule=DailyAt(hour=4, minute=45),
        expire_seconds=3600,
    ),
]

"""Webhooks' periodic sweep; config.ops.beat_schedules keeps it in beat's tables."""

from __future__ import annotations

from config.ops.beat_schedules import Every, PeriodicEntry

SCHEDULES = [
    PeriodicEntry(
        # Retries, and deliveries the broker did not take when their event happened.
        name="Send due webhook deliveries",
        task="webhooks.webhook_deliveries_sweep",
        schedule=Every(60),
        expire_seconds=55,
    ),
]

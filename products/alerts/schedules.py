"""Price alerts' periodic sweep; config.ops.beat_schedules keeps it in beat's tables."""

from __future__ import annotations

from config.ops.beat_schedules import Every, PeriodicEntry

SCHEDULES = [
    PeriodicEntry(
        # Alerts whose task the broker did not take when the price changed.
        name="Send price alerts missed by the broker",
        task="alerts.price_alerts_sweep",
        schedule=Every(900),
        expire_seconds=840,
    ),
]

"""The periodic work a fresh install starts with; staff edit it in the admin afterwards.

Each entry expires a little before its next run, so a backlog never stacks duplicates.
"""

from __future__ import annotations

from typing import Any

# Beat starts a price refresh this often (seconds); ingestion.capacity sizes each run by it.
REFRESH_PERIOD = 60

INTERVALS: list[dict[str, Any]] = [
    {
        "name": "Refresh stale prices",
        "task": "ingestion.refresh_stale_prices",
        "every": REFRESH_PERIOD,
        "expire_seconds": REFRESH_PERIOD - 5,
    },
    {
        "name": "Refresh the search vocabulary",
        "task": "products.refresh_search_words",
        "every": 3600,
        "expire_seconds": 3300,
    },
    {
        # The home page's top categories show these totals instead of counting on each render.
        "name": "Recount products per top category",
        "task": "category_totals.refresh",
        "every": 3600,
        "expire_seconds": 3300,
    },
    {
        "name": "Mark abandoned ingestion runs",
        "task": "ingestion.abandon_stale_runs",
        "every": 900,
        "expire_seconds": 840,
    },
    {
        # Retries, and deliveries the broker did not take when their event happened.
        "name": "Send due webhook deliveries",
        "task": "webhooks.retry_due_deliveries",
        "every": 60,
        "expire_seconds": 55,
    },
    {
        # Alerts whose task the broker did not take when the price changed.
        "name": "Send price alerts missed by the broker",
        "task": "alerts.sweep_price_alerts",
        "every": 900,
        "expire_seconds": 840,
    },
]

CRONTABS: list[dict[str, Any]] = [
    {
        "name": "Run active watchlists",
        "task": "ingestion.run_active_watchlists",
        "minute": "15",
        "hour": "3",
        "expire_seconds": 3600,
    },
    {
        "name": "Refresh the browse-node tree",
        "task": "ingestion.refresh_browse_nodes",
        "minute": "45",
        "hour": "4",
        "expire_seconds": 3600,
    },
    {
        # Does nothing unless STOCK_MONITOR_AUTO_UNPUBLISH is on.
        "name": "Unpublish long-unavailable products",
        "task": "products.unpublish_unavailable",
        "minute": "30",
        "hour": "5",
        "expire_seconds": 3600,
    },
]


def create_schedules(apps: Any, schema_editor: Any) -> None:
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    for entry in INTERVALS:
        schedule, _ = interval.objects.get_or_create(every=entry["every"], period="seconds")
        periodic_task.objects.get_or_create(
            name=entry["name"],
            defaults={
                "task": entry["task"],
                "interval": schedule,
                "expire_seconds": entry["expire_seconds"],
            },
        )
    for entry in CRONTABS:
        schedule, _ = crontab.objects.get_or_create(
            minute=entry["minute"],
            hour=entry["hour"],
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        periodic_task.objects.get_or_create(
            name=entry["name"],
            defaults={
                "task": entry["task"],
                "crontab": schedule,
                "expire_seconds": entry["expire_seconds"],
            },
        )


def delete_schedules(apps: Any, schema_editor: Any) -> None:
    names = [entry["name"] for entry in (*INTERVALS, *CRONTABS)]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()

"""A fresh install has its periodic work scheduled, editable in the admin."""

from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from config.celery_app import app
from ingestion.schedules import CRONTABS, INTERVALS, REFRESH_PERIOD

pytestmark = pytest.mark.django_db


def test_the_migration_creates_every_schedule() -> None:
    # As a worker does at start: import every app's tasks module.
    app.loader.import_default_modules()
    tasks = {task.name: task for task in PeriodicTask.objects.all()}

    for entry in (*INTERVALS, *CRONTABS):
        task = tasks[entry["name"]]
        assert task.task == entry["task"]
        assert task.enabled
        assert task.task in app.tasks, f"{task.task} is not a registered task"


def test_price_refresh_runs_every_period_and_expires_before_the_next() -> None:
    refresh = PeriodicTask.objects.get(task="ingestion.refresh_stale_prices")

    assert refresh.interval is not None
    assert (refresh.interval.every, refresh.interval.period) == (REFRESH_PERIOD, "seconds")
    assert 0 < refresh.expire_seconds < REFRESH_PERIOD

"""Ingestion's periodic work as declared: the price refresh paced by its period."""

from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from ingestion.schedules import REFRESH_PERIOD

pytestmark = pytest.mark.django_db


def test_price_refresh_runs_every_period_and_expires_before_the_next() -> None:
    refresh = PeriodicTask.objects.get(task="ingestion.prices_refresh")

    assert refresh.interval is not None
    assert (refresh.interval.every, refresh.interval.period) == (REFRESH_PERIOD, "seconds")
    assert 0 < refresh.expire_seconds < REFRESH_PERIOD

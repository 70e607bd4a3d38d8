"""Beat sends due deliveries every minute, through a registered task that fits the broker."""

from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from config.celery_app import app
from products.webhooks.deliveries import ATTEMPT_LEASE
from products.webhooks.tasks import webhook_delivery_attempt

pytestmark = pytest.mark.django_db

VISIBILITY_TIMEOUT = 900


def test_the_migrations_schedule_the_sweep_every_minute() -> None:
    app.loader.import_default_modules()
    sweep = PeriodicTask.objects.get(task="webhooks.webhook_deliveries_sweep")

    assert sweep.enabled and sweep.task in app.tasks
    assert sweep.interval is not None and sweep.interval.every == 60
    assert 0 < sweep.expire_seconds < 60


def test_an_attempt_ends_before_its_lease_and_the_visibility_timeout() -> None:
    # A worker still sending when the lease ends would let the sweep send the delivery twice.
    assert webhook_delivery_attempt.time_limit is not None
    assert webhook_delivery_attempt.time_limit < ATTEMPT_LEASE.total_seconds() < VISIBILITY_TIMEOUT

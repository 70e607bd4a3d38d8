"""Task timings against the broker: nothing waits past the visibility timeout, nothing overlaps."""

from __future__ import annotations

from django.conf import settings

from config.celery_app import app
from config.ops.beat_schedules import Every, declared_schedules
from ingestion.jobs import REFRESH_LOCK_SECONDS
from ingestion.runs import ABANDONED_AFTER
from ingestion.tasks import RETRYING

# The default, which production keeps; tests lower it through CELERY_VISIBILITY_TIMEOUT.
VISIBILITY_TIMEOUT = 900


def test_no_task_is_held_or_delayed_past_the_visibility_timeout() -> None:
    # A message held longer than this (running, or waiting for its retry's countdown) is
    # handed to a second worker while the first still has it: the task would run twice.
    assert RETRYING["time_limit"] < VISIBILITY_TIMEOUT
    assert settings.CELERY_TASK_TIME_LIMIT < VISIBILITY_TIMEOUT
    assert RETRYING["retry_backoff_max"] < VISIBILITY_TIMEOUT


def test_each_periodic_task_expires_before_its_next_run() -> None:
    # So a backlog (beat ahead of busy workers) never stacks duplicate runs.
    for _, entry in declared_schedules().values():
        period = entry.schedule.seconds if isinstance(entry.schedule, Every) else 86_400
        assert 0 < entry.expire_seconds < period, entry.name


def test_the_broker_uses_the_configured_visibility_timeout() -> None:
    options = app.conf.broker_transport_options
    assert (
        options["visibility_timeout"]
        == settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    assert options["visibility_timeout"] == VISIBILITY_TIMEOUT


def test_a_run_is_called_abandoned_only_after_its_task_could_have_ended() -> None:
    # The sweep fails runs whose whole worker died; one still inside its time limit is alive.
    assert RETRYING["time_limit"] < ABANDONED_AFTER.total_seconds()


def test_the_refresh_lock_outlives_the_longest_refresh() -> None:
    # Released in a finally; if the worker dies, it expires after a run could have ended.
    assert RETRYING["time_limit"] < REFRESH_LOCK_SECONDS

"""Periodic tasks declared in each app's schedules.py, synced into beat's tables on migrate."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.celery_app import app
from config.ops import beat_schedules
from config.ops.beat_schedules import (
    MANAGED_MARK,
    Every,
    PeriodicEntry,
    declared_schedules,
    schedules_sync,
)

pytestmark = pytest.mark.django_db

REFRESH = "Refresh stale prices"


def test_migrate_schedules_every_declared_task_of_every_app() -> None:
    # GIVEN a database whose periodic tasks are gone
    PeriodicTask.objects.all().delete()

    # WHEN migrate runs with nothing left to migrate
    call_command("migrate", verbosity=0)

    # THEN each app's declarations are scheduled, enabled, and name a registered task
    app.loader.import_default_modules()
    tasks = {task.name: task for task in PeriodicTask.objects.all()}
    declared = declared_schedules()
    assert {module for module, _ in declared.values()} >= {
        "ingestion.schedules",
        "products.schedules",
        "products.alerts.schedules",
        "products.webhooks.schedules",
        "products.category_totals.schedules",
    }
    for name, (_, entry) in declared.items():
        task = tasks[name]
        assert task.task == entry.task
        assert task.enabled
        assert task.description.startswith(MANAGED_MARK)
        assert task.task in app.tasks, f"{task.task} is not a registered task"


def test_a_second_sync_changes_nothing() -> None:
    schedules_sync()
    before = list(PeriodicTask.objects.order_by("name").values())

    result = schedules_sync()

    assert (result.created, result.updated, result.removed) == ([], [], [])
    assert list(PeriodicTask.objects.order_by("name").values()) == before


def test_a_newly_declared_task_is_created_with_its_schedule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schedules_sync()
    added = PeriodicEntry(
        name="Say hello", task="products.search_words_refresh", schedule=Every(7), expire_seconds=5
    )
    declarations = list(beat_schedules._declarations())
    monkeypatch.setattr(
        beat_schedules, "_declarations", lambda: iter([*declarations, ("tests", added)])
    )

    result = schedules_sync()

    assert result.created == ["Say hello"]
    task = PeriodicTask.objects.get(name="Say hello")
    assert task.interval is not None and task.interval.every == 7
    assert (task.task, task.expire_seconds, task.enabled) == (added.task, 5, True)


def test_an_operators_enabled_flag_and_interval_survive_while_the_code_sets_the_task() -> None:
    # GIVEN the refresh as an old migration left it, then edited by an operator
    schedules_sync()
    slower = IntervalSchedule.objects.create(every=300, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(name=REFRESH).update(
        task="ingestion.refresh_stale_prices",
        description="",
        expire_seconds=30,
        enabled=False,
        interval=slower,
    )

    result = schedules_sync()

    assert result.updated == [REFRESH]
    refresh = PeriodicTask.objects.get(name=REFRESH)
    assert not refresh.enabled
    assert refresh.interval == slower
    assert refresh.task == "ingestion.prices_refresh"
    assert refresh.expire_seconds == 55
    assert refresh.description.startswith(MANAGED_MARK)


@pytest.fixture
def strangers() -> Iterator[tuple[PeriodicTask, PeriodicTask]]:
    every_minute = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.SECONDS)
    managed = PeriodicTask.objects.create(
        name="No longer declared",
        task="ingestion.gone",
        interval=every_minute,
        description=f"{MANAGED_MARK} (ingestion.schedules)",
    )
    operators = PeriodicTask.objects.create(
        name="An operator's own", task="ingestion.prices_refresh", interval=every_minute
    )
    yield managed, operators


def test_a_managed_task_no_longer_declared_is_removed_and_others_stay(
    strangers: tuple[PeriodicTask, PeriodicTask],
) -> None:
    managed, operators = strangers

    result = schedules_sync()

    assert result.removed == [managed.name]
    assert not PeriodicTask.objects.filter(pk=managed.pk).exists()
    assert PeriodicTask.objects.filter(pk=operators.pk).exists()


def test_the_command_runs_the_same_sync(strangers: tuple[PeriodicTask, PeriodicTask]) -> None:
    out = StringIO()
    call_command("sync_schedules", stdout=out)

    assert f"removed: {strangers[0].name}" in out.getvalue()
    assert PeriodicTask.objects.filter(name=REFRESH).exists()

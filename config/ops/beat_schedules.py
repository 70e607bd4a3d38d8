"""Periodic tasks as each app declares them (`<app>/schedules.py`, a SCHEDULES list), kept in
django-celery-beat's tables by one idempotent sync that runs after every `migrate`.

The code owns what runs: the task, its arguments and its expiry are set from the declaration
on every sync. Operators own when it runs: the schedule (interval or crontab) is the
declared one only when the entry is created, and the enabled flag too, so edits made in
the admin survive every deploy. An entry the code no longer declares is removed, but only
one this sync manages (its description starts with MANAGED_MARK); others are left alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import module_has_submodule
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

MANAGED_MARK = "Declared in code"
DECLARATIONS_MODULE = "schedules"


@dataclass(frozen=True)
class Every:
    """Every `seconds` seconds."""

    seconds: int


@dataclass(frozen=True)
class DailyAt:
    """Once a day at `hour`:`minute` UTC."""

    hour: int
    minute: int


@dataclass(frozen=True)
class PeriodicEntry:
    """One periodic task; `name` is its name in the admin and the key the sync matches on."""

    name: str
    task: str
    schedule: Every | DailyAt
    # Shorter than the period, so a backlog never stacks duplicate runs.
    expire_seconds: int
    kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def declared_schedules() -> dict[str, tuple[str, PeriodicEntry]]:
    """Every installed app's declared entries by name, each with the module declaring it."""
    declared: dict[str, tuple[str, PeriodicEntry]] = {}
    for module_name, entry in _declarations():
        if entry.name in declared:
            raise ValueError(f"periodic task {entry.name!r} is declared twice")
        declared[entry.name] = (module_name, entry)
    return declared


def _declarations() -> Iterator[tuple[str, PeriodicEntry]]:
    for app_config in installed_apps.get_app_configs():
        if module_has_submodule(app_config.module, DECLARATIONS_MODULE):
            module = import_module(f"{app_config.name}.{DECLARATIONS_MODULE}")
            for entry in getattr(module, "SCHEDULES", ()):
                yield module.__name__, entry


def schedules_sync(*, using: str = "default") -> SyncResult:
    """Create, update and remove periodic tasks so they match the declarations."""
    declared = declared_schedules()
    result = SyncResult()
    with transaction.atomic(using=using):
        # Entries created by the migrations that came before this sync carry no mark:
        # they are adopted by name.
        existing = {
            task.name: task
            for task in PeriodicTask.objects.using(using)
            .select_for_update()
            .filter(Q(description__startswith=MANAGED_MARK) | Q(name__in=declared))
        }
        for name, (module_name, entry) in declared.items():
            task = existing.pop(name, None)
            if task is None:
                _create(entry, module_name=module_name, using=using)
                result.created.append(name)
            elif _apply(task, entry, module_name=module_name):
                task.save(using=using)
                result.updated.append(name)
        # What is left is managed here and declared nowhere any more.
        for name, task in existing.items():
            task.delete(using=using)
            result.removed.append(name)
    return result


def _description(module_name: str) -> str:
    return (
        f"{MANAGED_MARK} ({module_name}); each migrate sets its task, arguments and expiry. "
        "Its schedule and enabled flag are yours to change here."
    )


def _apply(task: PeriodicTask, entry: PeriodicEntry, *, module_name: str) -> bool:
    """Set what the code owns on `task`; True when anything changed."""
    wanted = {
        "task": entry.task,
        "args": "[]",
        "kwargs": json.dumps(dict(entry.kwargs), sort_keys=True),
        "expire_seconds": entry.expire_seconds,
        "description": _description(module_name),
    }
    changed = False
    for attribute, value in wanted.items():
        if getattr(task, attribute) != value:
            setattr(task, attribute, value)
            changed = True
    return changed


def _create(entry: PeriodicEntry, *, module_name: str, using: str) -> None:
    task = PeriodicTask(name=entry.name, enabled=True)
    if isinstance(entry.schedule, Every):
        task.interval = _interval(entry.schedule, using=using)
    else:
        task.crontab = _crontab(entry.schedule, using=using)
    _apply(task, entry, module_name=module_name)
    task.save(using=using)


def _interval(schedule: Every, *, using: str) -> IntervalSchedule:
    fields = {"every": schedule.seconds, "period": IntervalSchedule.SECONDS}
    found = IntervalSchedule.objects.using(using).filter(**fields).first()
    return found or IntervalSchedule.objects.using(using).create(**fields)


def _crontab(schedule: DailyAt, *, using: str) -> CrontabSchedule:
    fields = {
        "minute": str(schedule.minute),
        "hour": str(schedule.hour),
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "timezone": "UTC",
    }
    found = CrontabSchedule.objects.using(using).filter(**fields).first()
    return found or CrontabSchedule.objects.using(using).create(**fields)


def schedules_sync_after_migrate(*, using: str, apps: Apps | None = None, **_: Any) -> None:
    """post_migrate receiver for django_celery_beat: sync once its tables are in place.

    `flush` sends the signal too (without `apps`), so a flushed database is scheduled again.
    """
    try:
        (apps or installed_apps).get_model("django_celery_beat", "PeriodicTask")
    except LookupError:
        # Migrated back to before django-celery-beat's tables exist: nothing to sync into.
        return
    schedules_sync(using=using)

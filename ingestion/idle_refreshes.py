"""Counting the scheduled price refreshes that found nothing due, one row a day."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from ingestion.models import IdleRefreshDay


def idle_refresh_record(*, at: datetime) -> None:
    day = at.date()
    if IdleRefreshDay.objects.filter(day=day).update(count=F("count") + 1, last_at=at):
        return
    try:
        with transaction.atomic():
            IdleRefreshDay.objects.create(day=day, count=1, last_at=at)
    except IntegrityError:
        # Another worker created the day's row first.
        IdleRefreshDay.objects.filter(day=day).update(count=F("count") + 1, last_at=at)


def idle_refreshes_on(day: date) -> IdleRefreshDay | None:
    return IdleRefreshDay.objects.filter(day=day).first()

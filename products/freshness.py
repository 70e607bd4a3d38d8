"""Amazon's 24-hour rule applied to what is shown and to how long it may be cached."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def price_max_age() -> timedelta:
    return timedelta(seconds=settings.PRICE_MAX_AGE)


def fresh_price_filter() -> Q:
    """The rows whose price and availability may be shown: the one database form of the rule."""
    return Q(price_as_of__gte=timezone.now() - price_max_age())


def is_fresh(as_of: datetime | None, *, now: datetime | None = None) -> bool:
    """A price or availability older than PRICE_MAX_AGE is never shown."""
    if as_of is None:
        return False
    return (now or timezone.now()) - as_of <= price_max_age()


def cache_seconds(ttl: int, shown_as_of: Iterable[datetime | None]) -> int:
    """How long something showing these prices may be cached: never past the moment the
    oldest fresh one turns stale, or a cached page would show a price over 24 hours old."""
    now = timezone.now()
    seconds = ttl
    for as_of in shown_as_of:
        if as_of is not None and is_fresh(as_of, now=now):
            left = (as_of + price_max_age() - now).total_seconds()
            seconds = min(seconds, int(left))
    return max(seconds, 0)

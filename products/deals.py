"""Amazon's dealDetails as stored, read as a deal that is running now or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime


@dataclass(frozen=True)
class LiveDeal:
    badge: str
    ends_at: datetime | None
    percent_claimed: int | None


def live_deal(deal: Any, *, now: datetime | None = None) -> LiveDeal | None:
    """The deal while it runs: started (or no start given) and not yet ended; else None.

    The badge is Amazon's own text (the API answers in the store's language); a deal with
    an end time that does not parse is not shown, as its end cannot be told.
    """
    if not isinstance(deal, Mapping) or not deal:
        return None
    now = now or timezone.now()
    starts_at = _moment(deal.get("startTime"))
    ends_at = _moment(deal.get("endTime"))
    if deal.get("endTime") is not None and ends_at is None:
        return None
    if (starts_at is not None and starts_at > now) or (ends_at is not None and ends_at <= now):
        return None
    badge = deal.get("badge")
    return LiveDeal(
        badge=badge.strip()[:40] if isinstance(badge, str) else "",
        ends_at=ends_at,
        percent_claimed=_percent(deal.get("percentClaimed")),
    )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None
    return parsed


def _percent(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return round(value) if 0 <= value <= 100 else None

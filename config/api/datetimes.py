"""An ISO 8601 time filter that takes every UTC offset RFC 3339 allows (up to ±23:59).

PostgreSQL refuses a displacement of 16 hours or more ("time zone displacement out of
range", a DataError and a 500 once the query runs), so the time is handed to the query in
UTC, where the offset it was written in no longer matters. A time whose UTC instant falls
outside the years 1 to 9999 (0001-01-01T00:00:00+01:00) is read as that end of the
calendar: stored times (written as they are observed) lie well inside it, so each bound
still admits exactly the rows it would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import django_filters
from django_filters.fields import IsoDateTimeField

EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time with any RFC 3339 offset, read as the same instant in UTC."""

    def to_python(self, value: Any) -> datetime | None:
        parsed: datetime | None = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            # Only an offset can carry a time past an end of the calendar, and its sign
            # says which: a positive offset is behind UTC's year 1, a negative one ahead of
            # UTC's year 9999.
            offset = parsed.utcoffset()
            return EARLIEST if offset is not None and offset > timedelta(0) else LATEST


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField

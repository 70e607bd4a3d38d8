"""An ISO 8601 time filter that refuses what PostgreSQL would: a UTC offset of 16 hours or more.

Python accepts offsets up to ±23:59, PostgreSQL only below ±16:00 ("time zone displacement
out of range", a DataError and a 500 once the query runs). Refused here, the parameter is a
400 naming it, like any other malformed value.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

# PostgreSQL's timestamptz input accepts displacements up to 15:59:59 either way.
MAX_UTC_OFFSET = timedelta(hours=16)


class OffsetBoundedDateTimeField(IsoDateTimeField):
    """An ISO 8601 time whose offset PostgreSQL accepts and whose UTC time exists."""

    def to_python(self, value: Any) -> datetime | None:
        parsed: datetime | None = super().to_python(value)
        if parsed is None:
            return None
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) >= MAX_UTC_OFFSET:
            raise ValidationError(
                "Give a UTC offset between -15:59 and +15:59.", code="offset_out_of_range"
            )
        try:
            parsed.astimezone(UTC)
        except OverflowError:
            raise ValidationError(
                "Give a time between the years 1 and 9999.", code="invalid"
            ) from None
        return parsed


class OffsetBoundedDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = OffsetBoundedDateTimeField

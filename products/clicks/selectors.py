"""Reads of the click counts for the admin: totals and the rows of an export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from products.clicks.models import DailyClicks

# (day, marketplace, ASIN, title, collection slug or None, count)
ExportRow = tuple[date, str, str, str, str | None, int]

# A sidebar of totals, not a report: the CSV export has every row.
TOTALS_LIMIT = 20


def clicks_totals_by_product(
    clicks: QuerySet[DailyClicks], *, limit: int = TOTALS_LIMIT
) -> list[dict[str, Any]]:
    """The most-clicked products among these rows, with their total, highest first."""
    return list(
        clicks.values("product_id", "product__marketplace", "product__asin", "product__title")
        .annotate(total=Sum("count"))
        .order_by("-total", "product_id")[:limit]
    )


def clicks_totals_by_collection(
    clicks: QuerySet[DailyClicks], *, limit: int = TOTALS_LIMIT
) -> list[dict[str, Any]]:
    """Totals per collection among these rows; clicks from other pages have no collection."""
    return list(
        clicks.values("collection_id", "collection__title", "collection__slug")
        .annotate(total=Sum("count"))
        .order_by("-total", "collection_id")[:limit]
    )


def clicks_total(clicks: QuerySet[DailyClicks]) -> int:
    return int(clicks.aggregate(total=Sum("count"))["total"] or 0)


def clicks_export_rows(clicks: QuerySet[DailyClicks]) -> Iterator[ExportRow]:
    """Every row of an export, oldest day first, read from the database in chunks."""
    rows = clicks.order_by("day", "product__marketplace", "product__asin", "collection__slug")
    yield from rows.values_list(
        "day",
        "product__marketplace",
        "product__asin",
        "product__title",
        "collection__slug",
        "count",
    ).iterator(chunk_size=2000)

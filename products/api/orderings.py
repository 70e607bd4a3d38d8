"""The sort orders the API pages through; each ends in a unique key (see pagination.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)

from config.api.pagination import Ordering, Segment, SortKey
from products.freshness import fresh_price_filter

# A stale price is never shown, so it must not steer the order either: products without a
# fresh price sort after every priced one, whichever way prices are sorted.
_ABOVE_ANY_PRICE = Decimal("10000000000")
_BELOW_ANY_PRICE = Decimal("-1")


def _shown_price(default: Decimal) -> dict[str, Expression]:
    price = Case(
        When(fresh_price_filter() & Q(price_amount__isnull=False), then="price_amount"),
        default=Value(default),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return {"sort_price": price}


def _price_segments(default: Decimal) -> list[Segment]:
    """Fresh prices by the price column (an index reads them in order), then the rest."""
    priced = fresh_price_filter() & Q(price_amount__isnull=False)
    shown: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
    return [
        (priced, {"sort_price": ExpressionWrapper(F("price_amount"), output_field=shown)}),
        (~priced, {"sort_price": Value(default, output_field=shown)}),
    ]


def _saving_segments() -> list[Segment]:
    """Fresh savings by the saving column (an index reads them in order), then the rest."""
    saved = fresh_price_filter() & Q(savings_percent__isnull=False)
    return [
        (saved, {"sort_saving": ExpressionWrapper(F("savings_percent"), IntegerField())}),
        (~saved, {"sort_saving": Value(-1, output_field=IntegerField())}),
    ]


def _shown_saving() -> dict[str, Expression]:
    saving = Case(
        When(fresh_price_filter() & Q(savings_percent__isnull=False), then="savings_percent"),
        default=Value(-1),
        output_field=IntegerField(),
    )
    return {"sort_saving": saving}


NEWEST = Ordering(
    "newest",
    (SortKey("created_at", datetime, descending=True), SortKey("id", int, descending=True)),
    description="most recently added first",
)

PRODUCT_ORDERINGS = {
    ordering.name: ordering
    for ordering in (
        Ordering(
            "relevance",
            (
                SortKey("rank", float, descending=True),
                SortKey("created_at", datetime, descending=True),
                SortKey("id", int, descending=True),
            ),
            description="best match to `search` first (the default with `search`; "
            "without it, the same as `newest`)",
        ),
        NEWEST,
        Ordering(
            "price",
            (SortKey("sort_price", Decimal), SortKey("id", int)),
            lambda: _shown_price(_ABOVE_ANY_PRICE),
            description="lowest fresh price first; products without one last",
            segments=lambda: _price_segments(_ABOVE_ANY_PRICE),
        ),
        Ordering(
            "-price",
            (SortKey("sort_price", Decimal, descending=True), SortKey("id", int)),
            lambda: _shown_price(_BELOW_ANY_PRICE),
            description="highest fresh price first; products without one last",
            segments=lambda: _price_segments(_BELOW_ANY_PRICE),
        ),
        Ordering(
            "saving",
            (SortKey("sort_saving", int, descending=True), SortKey("id", int)),
            _shown_saving,
            description="biggest fresh saving (percent) first",
            segments=_saving_segments,
        ),
    )
}

CATEGORY_ORDERINGS = {
    "tree": Ordering(
        "tree",
        (SortKey("marketplace", str), SortKey("path", str), SortKey("id", int)),
        description="by store, then each node after its parent",
    )
}

OBSERVATION_ORDERINGS = {
    ordering.name: ordering
    for ordering in (
        Ordering(
            "oldest",
            (SortKey("observed_at", datetime), SortKey("id", int)),
            description="oldest observation first (the default)",
        ),
        Ordering(
            "newest",
            (
                SortKey("observed_at", datetime, descending=True),
                SortKey("id", int, descending=True),
            ),
            description="latest observation first",
        ),
    )
}

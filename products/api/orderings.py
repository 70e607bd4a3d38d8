"""The sort orders the API pages through; each ends in a unique key (see pagination.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, IntegerField, Value

from config.api.pagination import Ordering, Segment, SortKey
from products.catalogue_filter import price_shown, saving_shown

# A stale price is never shown, so it must not steer the order either: products without a
# fresh price sort after every priced one, whichever way prices are sorted (the storefront's
# rule too). The keys hold no NULLs, so those rows take a price past either end instead.
_ABOVE_ANY_PRICE = Decimal("10000000000")
_BELOW_ANY_PRICE = Decimal("-1")


def _price_segments(default: Decimal) -> list[Segment]:
    """Fresh prices by the price column (an index reads them in order), then the rest."""
    shown: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
    return [
        (price_shown(), {"sort_price": ExpressionWrapper(F("price_amount"), output_field=shown)}),
        (~price_shown(), {"sort_price": Value(default, output_field=shown)}),
    ]


def _saving_segments() -> list[Segment]:
    """Fresh savings by the saving column (an index reads them in order), then the rest."""
    return [
        (saving_shown(), {"sort_saving": ExpressionWrapper(F("savings_percent"), IntegerField())}),
        (~saving_shown(), {"sort_saving": Value(-1, output_field=IntegerField())}),
    ]


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
            description="lowest fresh price first; products without one last",
            segments=lambda: _price_segments(_ABOVE_ANY_PRICE),
        ),
        Ordering(
            "-price",
            (SortKey("sort_price", Decimal, descending=True), SortKey("id", int)),
            description="highest fresh price first; products without one last",
            segments=lambda: _price_segments(_BELOW_ANY_PRICE),
        ),
        Ordering(
            "saving",
            (SortKey("sort_saving", int, descending=True), SortKey("id", int)),
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

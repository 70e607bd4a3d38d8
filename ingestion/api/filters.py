"""Filters of the staff endpoints."""

from __future__ import annotations

from config.api.filters import (
    IntegerFilter,
    StrictBooleanFilter,
    StrictChoiceFilter,
    StrictFilterSet,
)
from ingestion.models import IngestionRun, Watchlist
from products.marketplaces import MARKETPLACE_CHOICES


class IngestionRunFilter(StrictFilterSet):
    kind = StrictChoiceFilter(choices=IngestionRun.Kind.choices)
    status = StrictChoiceFilter(choices=IngestionRun.Status.choices)
    watchlist = IntegerFilter(
        field_name="watchlist_id",
        min_value=1,
        max_value=2**63 - 1,
        help_text="A watchlist's id: the runs it started.",
    )

    class Meta:
        model = IngestionRun
        fields = ["kind", "status", "watchlist"]


class WatchlistFilter(StrictFilterSet):
    marketplace = StrictChoiceFilter(choices=MARKETPLACE_CHOICES)
    active = StrictBooleanFilter()

    class Meta:
        model = Watchlist
        fields = ["marketplace", "active"]

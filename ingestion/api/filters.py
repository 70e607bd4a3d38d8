"""Filters of the staff endpoints."""

from __future__ import annotations

import django_filters

from config.api.filters import IntegerFilter, StrictBooleanFilter, StrictChoiceFilter
from ingestion.models import IngestionRun, Watchlist
from products.marketplaces import MARKETPLACE_CHOICES


class IngestionRunFilter(django_filters.FilterSet):
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


class WatchlistFilter(django_filters.FilterSet):
    marketplace = StrictChoiceFilter(choices=MARKETPLACE_CHOICES)
    active = StrictBooleanFilter()

    class Meta:
        model = Watchlist
        fields = ["marketplace", "active"]

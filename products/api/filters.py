"""The API's filters, declared once per resource; a malformed value is a 400 naming it.

Products are read through the catalogue filter (catalogue_filter.py), as the storefront and
collection rules read them: the FilterSet here parses and checks the parameters.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field

from config.api.datetimes import UtcDateTimeFilter
from config.api.filters import (
    IntegerFilter,
    StrictBooleanFilter,
    StrictChoiceFilter,
    StrictFilterSet,
)
from products.catalogue_filter import CatalogueFilter
from products.marketplaces import MARKETPLACE_CHOICES
from products.models import Category, PriceObservation, Product, asin_validator
from products.records import Availability
from products.selectors import categories_with_node

# Enough for a program to look up one page of products by ASIN in one request.
MAX_ASINS = 100
# The largest price the price column holds (12 digits, 2 after the point).
MAX_PRICE = Decimal("9999999999.99")
CENT = Decimal("0.01")
# Deeper than any store's browse-node tree.
MAX_DEPTH = 100


class AsinListField(forms.CharField):
    """One ASIN, or several separated by commas and spaces; letters are read as capitals.

    Only ASCII is read: the dotless i (U+0131) upper-cases to "I", so a Unicode letter
    could pass as an ASIN.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        parts = [part.strip(" ") for part in text.split(",")] if text else []
        asins = [part for part in parts if part]
        if len(asins) > MAX_ASINS:
            raise ValidationError(f"At most {MAX_ASINS} ASINs at a time.")
        for asin in asins:
            if not asin.isascii():
                raise ValidationError(asin_validator.message)
            asin_validator(asin.upper())
        return [asin.upper() for asin in asins]


# What AsinListField reads: up to MAX_ASINS ASINs, any letter case, commas and spaces.
ASIN_LIST_PATTERN = f"^ *([A-Za-z0-9]{{10}} *)?(, *([A-Za-z0-9]{{10}} *)?){{0,{MAX_ASINS - 1}}}$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": ASIN_LIST_PATTERN,
        "description": f"An ASIN, or up to {MAX_ASINS} separated by commas.",
    }
)
class AsinListFilter(django_filters.Filter):
    field_class = AsinListField


class PriceBoundField(forms.DecimalField):
    """A price bound in any precision, rounded to the cent toward the prices it admits:
    prices are whole cents, so `min_price=0.001` admits exactly what `0.01` does."""

    def __init__(self, *, rounding: str, **kwargs: Any) -> None:
        self.rounding = rounding
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        bound: Decimal | None = super().clean(value)
        return None if bound is None else bound.quantize(CENT, rounding=self.rounding)


class PriceFilter(django_filters.NumberFilter):
    """A price in the store's currency units, from 0 to MAX_PRICE."""

    field_class = PriceBoundField

    def __init__(self, *, rounding: str, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=MAX_PRICE, rounding=rounding, **kwargs)


class ProductFilterForm(forms.Form):
    """Reads the category from the database: its nodes, in the store asked for or in all.

    A filter that can match nothing is answered with an empty page, as a search is: an
    unknown browse node (the catalogue may not carry it yet), `min_price` above `max_price`.
    """

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        node_id = data.get("category")
        if node_id:
            data["category"] = categories_with_node(
                node_id, marketplace=data.get("marketplace") or ""
            )
        return data


# Filters of the API alone; every other product parameter is the catalogue filter's.
API_ONLY = ("asin", "featured")


class ProductFilter(StrictFilterSet):
    """The catalogue filter's parameters, and two of the API's own: `asin` and `featured`."""

    asin = AsinListFilter(method="filter_asin")
    marketplace = StrictChoiceFilter(choices=MARKETPLACE_CHOICES, help_text="Store code.")
    category = django_filters.CharFilter(
        max_length=32,
        help_text="A browse-node id: products filed under it or any node below it.",
    )
    brand = django_filters.CharFilter(max_length=255, help_text="Exact, in any case.")
    min_price = PriceFilter(
        rounding=ROUND_CEILING,
        help_text="Lowest fresh price, included (products without one are left out).",
    )
    max_price = PriceFilter(
        rounding=ROUND_FLOOR,
        help_text="Highest fresh price, included (products without one are left out).",
    )
    availability = StrictChoiceFilter(
        choices=Availability.CHOICES,
        help_text="Availability as last confirmed within 24 hours; older counts as `unknown`.",
    )
    featured = StrictBooleanFilter(help_text="Featured by staff.")
    search = django_filters.CharFilter(
        help_text="Keywords, as in the storefront search: quoted phrases, -exclusion, `or`.",
    )

    class Meta:
        model = Product
        fields = ["asin", "marketplace", "category", "brand", "featured"]
        form = ProductFilterForm

    def filter_queryset(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        data = self.form.cleaned_data
        for name in API_ONLY:
            queryset = self.filters[name].filter(queryset, data.get(name))
        nodes = data.get("category")
        if nodes == []:
            # A browse node the catalogue does not hold: nothing is filed under it.
            queryset = queryset.none()
        # No sort: the paginator orders by the `ordering` asked for (orderings.py).
        return CatalogueFilter(
            marketplace=data.get("marketplace") or "",
            categories=tuple(nodes or ()),
            brand=data.get("brand") or "",
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            availability=data.get("availability") or "",
            keywords=data.get("search") or "",
        ).apply(queryset)

    def filter_asin(
        self, queryset: QuerySet[Product], name: str, value: list[str]
    ) -> QuerySet[Product]:
        return queryset.filter(asin__in=value)


class PriceHistoryFilter(StrictFilterSet):
    """A time range, `since` included, `until` not; one that holds no time (`since` not
    before `until`) holds no observation either: an empty page."""

    since = UtcDateTimeFilter(
        field_name="observed_at",
        lookup_expr="gte",
        help_text="ISO 8601 time; observations at or after it.",
    )
    until = UtcDateTimeFilter(
        field_name="observed_at",
        lookup_expr="lt",
        help_text="ISO 8601 time; observations before it.",
    )

    class Meta:
        model = PriceObservation
        fields = ["since", "until"]


class CategoryFilter(StrictFilterSet):
    marketplace = StrictChoiceFilter(choices=MARKETPLACE_CHOICES, help_text="Store code.")
    parent = django_filters.CharFilter(
        field_name="parent__node_id",
        max_length=32,
        help_text="The parent's browse-node id: its direct children.",
    )
    depth = IntegerFilter(
        min_value=0, max_value=MAX_DEPTH, help_text=f"0 for top-level nodes, at most {MAX_DEPTH}."
    )

    class Meta:
        model = Category
        fields = ["marketplace", "parent", "depth"]

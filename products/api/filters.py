"""The API's filters, declared once per resource; a malformed value is a 400 naming it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from products.api.queries import filed_under
from products.freshness import fresh_price_filter
from products.marketplaces import MARKETPLACE_CHOICES
from products.models import Category, PriceObservation, Product, asin_validator
from products.records import Availability
from products.search import search_products

# Enough for a program to look up one page of products by ASIN in one request.
MAX_ASINS = 100
BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


class AsinListField(forms.CharField):
    """One ASIN, or several separated by commas; letters are read as capitals."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        if not text:
            return []
        asins = [part.strip().upper() for part in text.split(",") if part.strip()]
        if len(asins) > MAX_ASINS:
            raise ValidationError(f"At most {MAX_ASINS} ASINs at a time.")
        for asin in asins:
            asin_validator(asin)
        return asins


@extend_schema_field(OpenApiTypes.STR)
class AsinListFilter(django_filters.Filter):
    field_class = AsinListField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else is a 400, where django-filter would ignore it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=BOOLEAN_CHOICES, coerce=_boolean, **kwargs)


def _boolean(text: str) -> bool:
    return text == "true"


def _price_field(**kwargs: Any) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        method="filter_price", min_value=0, max_digits=12, decimal_places=2, **kwargs
    )


class ProductFilterForm(forms.Form):
    """Checks that need more than one field, or the database: the category must exist."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", "Must not be below min_price.")
        node_id = data.get("category")
        if node_id:
            nodes = Category.objects.filter(node_id=node_id).order_by("marketplace")
            if data.get("marketplace"):
                nodes = nodes.filter(marketplace=data["marketplace"])
            found = list(nodes.values_list("marketplace", "path"))
            if found:
                data["category"] = found
            else:
                # django-filter %-formats messages with their params: never put input in one.
                unknown = ValidationError(
                    "Unknown category %(node)s (a browse-node id).", params={"node": repr(node_id)}
                )
                self.add_error("category", unknown)
        return data


class ProductFilter(django_filters.FilterSet):
    asin = AsinListFilter(
        method="filter_asin", help_text=f"An ASIN, or up to {MAX_ASINS} separated by commas."
    )
    marketplace = django_filters.ChoiceFilter(choices=MARKETPLACE_CHOICES, help_text="Store code.")
    category = django_filters.CharFilter(
        method="filter_category",
        max_length=32,
        help_text="A browse-node id: products filed under it or any node below it.",
    )
    brand = django_filters.CharFilter(lookup_expr="iexact", max_length=255, help_text="Exact.")
    min_price = _price_field(help_text="Lowest fresh price (products without one are left out).")
    max_price = _price_field(help_text="Highest fresh price (products without one are left out).")
    availability = django_filters.ChoiceFilter(
        choices=Availability.CHOICES,
        method="filter_availability",
        help_text="Availability as last confirmed within 24 hours; older counts as `unknown`.",
    )
    featured = StrictBooleanFilter(help_text="Featured by staff.")
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Keywords, as in the storefront search: quoted phrases, -exclusion, `or`.",
    )

    class Meta:
        model = Product
        fields = ["asin", "marketplace", "category", "brand", "featured"]
        form = ProductFilterForm

    def filter_queryset(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("search"):
            # Every ordering may sort on `rank`; without a search all rows rank alike.
            queryset = search_products(queryset, "")
        return queryset

    def filter_asin(
        self, queryset: QuerySet[Product], name: str, value: list[str]
    ) -> QuerySet[Product]:
        return queryset.filter(asin__in=value)

    def filter_category(
        self, queryset: QuerySet[Product], name: str, value: list[tuple[str, str]]
    ) -> QuerySet[Product]:
        under = Q()
        for marketplace, path in value:
            under |= filed_under(marketplace, path)
        return queryset.filter(under)

    def filter_price(
        self, queryset: QuerySet[Product], name: str, value: Decimal
    ) -> QuerySet[Product]:
        lookup = "gte" if name == "min_price" else "lte"
        return queryset.filter(fresh_price_filter(), **{f"price_amount__{lookup}": value})

    def filter_availability(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        if value == Availability.UNKNOWN:
            return queryset.filter(Q(availability=value) | ~fresh_price_filter())
        return queryset.filter(fresh_price_filter(), availability=value)

    def filter_search(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        return search_products(queryset, value)


class PriceHistoryFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and since >= until:
            self.add_error("until", "Must be later than since.")
        return data


class PriceHistoryFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(
        field_name="observed_at",
        lookup_expr="gte",
        help_text="ISO 8601 time; observations at or after it.",
    )
    until = django_filters.IsoDateTimeFilter(
        field_name="observed_at",
        lookup_expr="lt",
        help_text="ISO 8601 time; observations before it.",
    )

    class Meta:
        model = PriceObservation
        fields = ["since", "until"]
        form = PriceHistoryFilterForm


class CategoryFilter(django_filters.FilterSet):
    marketplace = django_filters.ChoiceFilter(choices=MARKETPLACE_CHOICES, help_text="Store code.")
    parent = django_filters.CharFilter(
        field_name="parent__node_id",
        max_length=32,
        help_text="The parent's browse-node id: its direct children.",
    )
    depth = IntegerFilter(min_value=0, max_value=100, help_text="0 for top-level nodes.")

    class Meta:
        model = Category
        fields = ["marketplace", "parent", "depth"]

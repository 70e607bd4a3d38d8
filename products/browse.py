"""The storefront's search and browse: parameters from the URL, filters, sorting, facets.

Every parameter is validated by a form; a bad value (a non-numeric price, an unknown
category, a huge query) is dropped and reported on the page, never a server error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Case, F, Q, QuerySet, When
from django.utils import timezone

from products.freshness import fresh_price_filter, is_fresh
from products.marketplaces import MARKETPLACES
from products.models import Category, Product
from products.records import Availability
from products.search import MAX_QUERY_LENGTH, search_matches, search_products
from products.selectors import in_category, products_for_cards

SORTS = {
    "relevance": "Relevance",
    "price": "Price: low to high",
    "-price": "Price: high to low",
    "newest": "Newest",
    "saving": "Biggest saving",
}

# Price bands for the price facet, in the store's currency units: (label, low, high).
PRICE_BANDS: list[tuple[str, Decimal | None, Decimal | None]] = [
    ("Under 25", None, Decimal(25)),
    ("25 to 50", Decimal(25), Decimal(50)),
    ("50 to 100", Decimal(50), Decimal(100)),
    ("100 to 200", Decimal(100), Decimal(200)),
    ("200 and over", Decimal(200), None),
]

# Most values a facet lists; the rest are reachable by searching.
FACET_LIMIT = 12
# Facets count at most this many matches: a common word (or no word at all) would otherwise
# count most of the catalogue on every search. Past it, counts are lower bounds ("12+").
FACET_SAMPLE = 1000
MAX_PRICE = Decimal("1000000")


class BrowseForm(forms.Form):
    """Search and filter parameters; a 2,000-character query is accepted and shortened."""

    q = forms.CharField(required=False, max_length=4000, strip=True)
    category = forms.RegexField(regex=r"^\d{1,32}$", required=False)
    brand = forms.CharField(required=False, max_length=255)
    min_price = forms.DecimalField(
        required=False, min_value=Decimal(0), max_value=MAX_PRICE, decimal_places=2
    )
    max_price = forms.DecimalField(
        required=False, min_value=Decimal(0), max_value=MAX_PRICE, decimal_places=2
    )
    availability = forms.ChoiceField(required=False, choices=Availability.CHOICES)
    marketplace = forms.ChoiceField(required=False, choices=())
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        marketplace = cast(forms.ChoiceField, self.fields["marketplace"])
        marketplace.choices = [(code, MARKETPLACES[code].host) for code in MARKETPLACES]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]


@dataclass
class Browse:
    """A validated browse request: what was asked, and what was dropped as invalid."""

    query: str = ""
    category: Category | None = None
    brand: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    availability: str = ""
    marketplace: str = ""
    sort: str = "relevance"
    dropped: list[str] = field(default_factory=list)
    # Parameters the page's own URL implies (a category page's category), left out of links.
    implied: tuple[str, ...] = ()

    def filters(self) -> dict[str, str]:
        """The active parameters as they go back into links (pagination keeps them)."""
        values = {
            "q": self.query,
            "category": self.category.node_id if self.category else "",
            "brand": self.brand,
            "min_price": "" if self.min_price is None else str(self.min_price),
            "max_price": "" if self.max_price is None else str(self.max_price),
            "availability": self.availability,
            "marketplace": self.marketplace,
            "sort": "" if self.sort == "relevance" else self.sort,
        }
        return {key: value for key, value in values.items() if value and key not in self.implied}


def parse_browse(params: Any, *, marketplace: str = "") -> Browse:
    form = BrowseForm(params)
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
    browse = Browse(
        query=data.get("q", ""),
        brand=data.get("brand", "").strip(),
        min_price=data.get("min_price"),
        max_price=data.get("max_price"),
        availability=data.get("availability", ""),
        marketplace=marketplace or data.get("marketplace", ""),
        sort=data.get("sort", "relevance"),
        dropped=sorted(form.errors),
    )
    node_id = data.get("category")
    if node_id:
        categories = Category.objects.filter(node_id=node_id)
        if browse.marketplace:
            categories = categories.filter(marketplace=browse.marketplace)
        browse.category = categories.order_by("marketplace").first()
        if browse.category is None:
            browse.dropped.append("category")
    low, high = browse.min_price, browse.max_price
    if low is not None and high is not None and low > high:
        browse.min_price, browse.max_price = high, low
    return browse


def _price_filter(low: Decimal | None, high: Decimal | None) -> Q:
    """Price bounds only count on fresh prices: a stale price is not shown, so not filtered."""
    condition = fresh_price_filter()
    if low is not None:
        condition &= Q(price_amount__gte=low)
    if high is not None:
        condition &= Q(price_amount__lt=high) if low is not None else Q(price_amount__lte=high)
    return condition


def apply_filters(
    queryset: QuerySet[Product], browse: Browse, *, skip: str = ""
) -> QuerySet[Product]:
    """Every active filter except `skip` (a facet counts with the others applied)."""
    if browse.category and skip != "category":
        queryset = in_category(queryset, browse.category)
    if browse.brand and skip != "brand":
        queryset = queryset.filter(brand__iexact=browse.brand)
    if (browse.min_price is not None or browse.max_price is not None) and skip != "price":
        queryset = queryset.filter(_price_filter(browse.min_price, browse.max_price))
    if browse.availability and skip != "availability":
        queryset = queryset.filter(availability=browse.availability).filter(fresh_price_filter())
    if browse.marketplace and skip != "marketplace":
        queryset = queryset.filter(marketplace=browse.marketplace)
    return queryset


def _ordered(queryset: QuerySet[Product], browse: Browse) -> QuerySet[Product]:
    # Price and saving orders put products without a fresh price last: they show none.
    fresh = fresh_price_filter()
    if browse.sort in ("price", "-price"):
        queryset = queryset.annotate(shown_price=_when_fresh(F("price_amount"), fresh))
        field_ = F("shown_price")
        order = (
            field_.asc(nulls_last=True) if browse.sort == "price" else field_.desc(nulls_last=True)
        )
        return queryset.order_by(order, "id")
    if browse.sort == "saving":
        queryset = queryset.annotate(shown_saving=_when_fresh(F("savings_percent"), fresh))
        return queryset.order_by(F("shown_saving").desc(nulls_last=True), "id")
    if browse.sort == "newest":
        return queryset.order_by("-created_at", "-id")
    if browse.query:
        return queryset.order_by("-rank", F("sales_rank").asc(nulls_last=True), "id")
    return queryset.order_by(F("sales_rank").asc(nulls_last=True), "id")


def _when_fresh(value: F, fresh: Q) -> Case:
    return Case(When(fresh, then=value), default=None)


def browse_results(browse: Browse) -> QuerySet[Product]:
    matches = search_products(apply_filters(products_for_cards(), browse), browse.query)
    return _ordered(matches, browse)


@dataclass
class FacetValue:
    label: str
    count: int
    # The parameters that select this value, for its link; `active` when already selected.
    params: dict[str, str]
    active: bool = False
    # Counted over the first FACET_SAMPLE matches only: the true count is at least `count`.
    approximate: bool = False


def facets(browse: Browse) -> dict[str, list[FacetValue]]:
    """Counts per facet value for the current search, each with the other filters applied.

    Counted over at most FACET_SAMPLE matches, read in one query per distinct set of
    filters: one in all for a search without filters, never one per facet value.
    """
    samples: dict[str, tuple[list[_Sampled], bool]] = {}
    found: dict[str, list[FacetValue]] = {}
    for name, count in _FACETS.items():
        # The page's own URL or the visitor's store fixes these: nothing to choose.
        if name in browse.implied:
            continue
        # An inactive filter is the same to skip as to keep: those facets share one sample.
        skip = name if _filter_active(browse, name) else ""
        if skip not in samples:
            samples[skip] = _sample(apply_filters(products_for_cards(), browse, skip=skip), browse)
        rows, capped = samples[skip]
        found[name] = [replace(value, approximate=capped) for value in count(rows, browse)]
    return found


def _filter_active(browse: Browse, name: str) -> bool:
    if name == "price":
        return browse.min_price is not None or browse.max_price is not None
    if name == "category":
        return browse.category is not None
    return bool(getattr(browse, name))


@dataclass(frozen=True)
class _Sampled:
    """What the facets need of one matching product; `price` only when it is fresh."""

    brand: str
    marketplace: str
    category: tuple[str, str] | None
    availability: str | None
    price: Decimal | None


def _sample(queryset: QuerySet[Product], browse: Browse) -> tuple[list[_Sampled], bool]:
    """Up to FACET_SAMPLE matches, and whether there were more."""
    rows = list(
        search_matches(queryset, browse.query)
        .order_by()
        .values_list(
            "brand",
            "marketplace",
            "category__node_id",
            "category__name",
            "availability",
            "price_amount",
            "price_as_of",
        )[: FACET_SAMPLE + 1]
    )
    now = timezone.now()
    sampled = [
        _Sampled(
            brand=brand,
            marketplace=marketplace,
            category=(node_id, name) if node_id else None,
            # Availability is shown, and so filtered, only while the price is fresh.
            availability=availability if is_fresh(as_of, now=now) else None,
            price=amount if is_fresh(as_of, now=now) else None,
        )
        for brand, marketplace, node_id, name, availability, amount, as_of in rows
    ]
    return sampled[:FACET_SAMPLE], len(sampled) > FACET_SAMPLE


def _top(counts: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(value, label, count) for the most common values, then by label."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1]))
    return [(value, label, n) for (value, label), n in ordered[:FACET_LIMIT]]


def _brand_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    counts = Counter((row.brand, row.brand) for row in rows if row.brand)
    return [
        FacetValue(label, n, {"brand": value}, value == browse.brand)
        for value, label, n in _top(counts)
    ]


def _marketplace_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    counts = Counter((row.marketplace, row.marketplace) for row in rows if row.marketplace)
    return [
        FacetValue(label, n, {"marketplace": value}, value == browse.marketplace)
        for value, label, n in _top(counts)
    ]


def _availability_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    labels = dict(Availability.CHOICES)
    counts = Counter(
        (row.availability, labels[row.availability]) for row in rows if row.availability
    )
    return [
        FacetValue(label, n, {"availability": value}, value == browse.availability)
        for value, label, n in _top(counts)
    ]


def _category_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    counts = Counter(
        (row.category[0], row.category[1] or row.category[0]) for row in rows if row.category
    )
    selected = browse.category.node_id if browse.category else ""
    return [
        FacetValue(label, n, {"category": value}, value == selected)
        for value, label, n in _top(counts)
    ]


def _in_band(amount: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    """The bounds of `_price_filter`, on a price in hand."""
    if low is not None and amount < low:
        return False
    if high is None:
        return True
    return amount < high if low is not None else amount <= high


def _price_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    prices = [row.price for row in rows if row.price is not None]
    values = []
    for label, low, high in PRICE_BANDS:
        n = sum(1 for amount in prices if _in_band(amount, low, high))
        if n:
            values.append(
                FacetValue(
                    label,
                    n,
                    {"min_price": str(low or ""), "max_price": str(high or "")},
                    (browse.min_price, browse.max_price) == (low, high),
                )
            )
    return values


_FACETS: dict[str, Callable[[list[_Sampled], Browse], list[FacetValue]]] = {
    "category": _category_facet,
    "brand": _brand_facet,
    "price": _price_facet,
    "availability": _availability_facet,
    "marketplace": _marketplace_facet,
}

"""The storefront's search and browse: parameters from the URL, and the facets.

Every parameter is validated by a form; a bad value (a non-numeric price, an unknown
category, a huge query) is dropped and reported on the page, never a server error. What
the parameters select, and in which order, is the catalogue filter's (catalogue_filter.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from products.catalogue_filter import SORTS, CatalogueFilter, price_in_bounds
from products.formatting import number, whole_price
from products.freshness import is_fresh
from products.locales import store_locale
from products.marketplaces import MARKETPLACES
from products.models import Category, Product
from products.records import Availability
from products.search import MAX_QUERY_LENGTH
from products.selectors import categories_with_node, products_for_cards

# Price bands for the price facet, in the store's currency units: (low, high). Both bounds
# are inclusive (the catalogue filter's rule) and prices are whole cents, so each band ends
# a cent below the next one's start: a price of 25.00 is in "25 to 50" only.
PRICE_BANDS: list[tuple[Decimal | None, Decimal | None]] = [
    (None, Decimal("24.99")),
    (Decimal(25), Decimal("49.99")),
    (Decimal(50), Decimal("99.99")),
    (Decimal(100), Decimal("199.99")),
    (Decimal(200), None),
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
    category = forms.RegexField(regex=r"^[0-9]{1,32}$", required=False)
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


# Every query parameter a browse page reads; the page cache and the edge ignore any other.
BROWSE_PARAMS = (*BrowseForm.base_fields, "page")


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

    def catalogue_filter(self) -> CatalogueFilter:
        return CatalogueFilter(
            marketplace=self.marketplace,
            categories=(self.category,) if self.category else (),
            brand=self.brand,
            min_price=self.min_price,
            max_price=self.max_price,
            availability=self.availability,
            keywords=self.query,
            sort=self.sort,
        )


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
        # Every storefront page has a store, so this is its one node with the id.
        nodes = categories_with_node(node_id, marketplace=browse.marketplace)
        browse.category = nodes[0] if nodes else None
        if browse.category is None:
            browse.dropped.append("category")
    low, high = browse.min_price, browse.max_price
    if low is not None and high is not None and low > high:
        browse.min_price, browse.max_price = high, low
    return browse


def browse_results(browse: Browse) -> QuerySet[Product]:
    return browse.catalogue_filter().apply(products_for_cards())


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
    chosen = browse.catalogue_filter()
    for name, count in _FACETS.items():
        # The page's own URL or the visitor's store fixes these: nothing to choose.
        if name in browse.implied:
            continue
        others = replace(chosen, **_UNFILTERED[name])
        # An inactive filter is the same to skip as to keep: those facets share one sample.
        skip = name if others != chosen else ""
        if skip not in samples:
            samples[skip] = _sample(others.apply(products_for_cards(), ranked=False))
        rows, capped = samples[skip]
        found[name] = [replace(value, approximate=capped) for value in count(rows, browse)]
    return found


# The catalogue filter's fields a facet leaves out, to count its values with the others'.
_UNFILTERED: dict[str, dict[str, Any]] = {
    "category": {"categories": ()},
    "brand": {"brand": ""},
    "price": {"min_price": None, "max_price": None},
    "availability": {"availability": ""},
    "marketplace": {"marketplace": ""},
}


@dataclass(frozen=True)
class _Sampled:
    """What the facets need of one matching product; `price` only when it is fresh."""

    brand: str
    marketplace: str
    category: tuple[str, str] | None
    availability: str
    price: Decimal | None


def _sample(queryset: QuerySet[Product]) -> tuple[list[_Sampled], bool]:
    """Up to FACET_SAMPLE of the matches, and whether there were more."""
    rows = list(
        queryset.order_by().values_list(
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
            # A stale availability is shown, and so filtered, as unknown.
            availability=availability if is_fresh(as_of, now=now) else Availability.UNKNOWN,
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
    labels = {value: str(label) for value, label in Availability.CHOICES}
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


def price_band_label(low: Decimal | None, high: Decimal | None, marketplace: str) -> str:
    """A band in the store's currency and convention: "Under 25 €", "25 € to 50 €"."""
    store = MARKETPLACES.get(marketplace)
    locale = store_locale(marketplace if store else "US")

    def amount(value: Decimal) -> str:
        whole = value.to_integral_value(rounding=ROUND_CEILING)
        return whole_price(whole, store.currency, locale) if store else number(whole, locale)

    if low is None and high is not None:
        return _("Under %(price)s") % {"price": amount(high)}
    if high is None and low is not None:
        return _("%(price)s and over") % {"price": amount(low)}
    return _("%(low)s to %(high)s") % {
        "low": amount(low or Decimal(0)),
        "high": amount(high or Decimal(0)),
    }


def _price_facet(rows: list[_Sampled], browse: Browse) -> list[FacetValue]:
    prices = [row.price for row in rows if row.price is not None]
    values = []
    for low, high in PRICE_BANDS:
        n = sum(1 for amount in prices if price_in_bounds(amount, low, high))
        if n:
            values.append(
                FacetValue(
                    price_band_label(low, high, browse.marketplace),
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

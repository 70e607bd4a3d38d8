"""The one catalogue filter: storefront search and category pages, the API's product list
and collection rules all narrow and sort products through `CatalogueFilter.apply`.

The rules, one each (where the callers once differed, the one kept is marked *):

- store: the marketplace code, exactly.
- category: products filed (by primary category) under the node or any node below it, in
  the node's store (`in_category`). Several nodes (the API's node id without a store names
  one per store) match any of them.
- brand: the whole brand, in any case.
- price*: bounds count only on a fresh price (a stale price is not shown, so it is not
  filtered either) and both are inclusive: `min_price <= price <= max_price`. The
  storefront once excluded the maximum when a minimum was also given. Its facet bands
  (`products.browse.PRICE_BANDS`) therefore end one cent below the next band's start, so a
  price on a boundary counts in exactly one band, the one its link selects.
- saving: `savings_percent >= min_saving`, on a fresh price only.
- availability*: as shown, so by a fresh price's availability; once the price is stale the
  availability is not known, and the row matches `unknown` and nothing else. The storefront
  once left stale rows out of every availability.
- keywords: the site search (`products.search`), applied after every other filter: the
  search keeps a bounded number of matches, so a filter after it could find none.
- sort: `SORTS`; price and saving orders put rows without a fresh price or saving last in
  either direction (`price_shown`, `saving_shown`: the API's keyset orderings split on the
  same conditions). Relevance is the search rank first; ties go by best-seller rank here,
  newest first in the API, whose documented `relevance` without a search is `newest`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Case, F, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from products.freshness import fresh_price_filter
from products.models import Category, Product
from products.records import Availability
from products.search import normalise_query, search_matches, search_products

SORTS = {
    "relevance": _("Relevance"),
    "price": _("Price: low to high"),
    "-price": _("Price: high to low"),
    "newest": _("Newest"),
    "saving": _("Biggest saving"),
}


def category_subtree(path: str) -> Q:
    """Products whose primary category is the node at `path` or any node below it.

    A path holds node ids only: pair it with the store (`in_category`) unless every store's
    node at that path is meant.
    """
    return Q(category__path=path) | Q(category__path__startswith=f"{path}/")


def in_category(category: Category) -> Q:
    """Products filed under the category or any node below it, in the category's store."""
    return Q(marketplace=category.marketplace) & category_subtree(category.path)


def price_within(low: Decimal | None, high: Decimal | None) -> Q:
    """Fresh prices from `low` to `high`, both included; no bound is no condition on it."""
    condition = fresh_price_filter()
    if low is not None:
        condition &= Q(price_amount__gte=low)
    if high is not None:
        condition &= Q(price_amount__lte=high)
    return condition


def price_in_bounds(amount: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    """`price_within` on a fresh price in hand."""
    return (low is None or low <= amount) and (high is None or amount <= high)


def availability_shown(availability: str) -> Q:
    """Rows whose shown availability is `availability`: a stale one is shown as unknown."""
    if availability == Availability.UNKNOWN:
        return Q(availability=availability) | ~fresh_price_filter()
    return fresh_price_filter() & Q(availability=availability)


def price_shown() -> Q:
    """Rows that show a price. Price orders sort these by price and put every other row last."""
    return fresh_price_filter() & Q(price_amount__isnull=False)


def saving_shown() -> Q:
    """Rows that show a saving; saving orders put every other row last."""
    return fresh_price_filter() & Q(savings_percent__isnull=False)


@dataclass(frozen=True)
class CatalogueFilter:
    """What to read of the catalogue; an empty field does not filter.

    `sort` None leaves the order to the caller (the API pages through its own keyset
    orderings, which split rows on `price_shown` and `saving_shown`).
    """

    marketplace: str = ""
    categories: tuple[Category, ...] = ()
    brand: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    min_saving: int | None = None
    availability: str = ""
    keywords: str = ""
    sort: str | None = None

    def apply(self, queryset: QuerySet[Product], *, ranked: bool = True) -> QuerySet[Product]:
        """The matching products, annotated with the search's `rank` and sorted by `sort`.

        With `ranked` False: unranked, unsorted and uncapped, for counts over a slice.
        """
        narrowed = queryset.filter(self._condition())
        if not ranked:
            return search_matches(narrowed, self.keywords)
        found = search_products(narrowed, self.keywords)
        return found if self.sort is None else self._sorted(found)

    def _condition(self) -> Q:
        condition = Q()
        if self.marketplace:
            condition &= Q(marketplace=self.marketplace)
        if self.categories:
            condition &= reduce(or_, (in_category(category) for category in self.categories))
        if self.brand:
            condition &= Q(brand__iexact=self.brand)
        if self.min_price is not None or self.max_price is not None:
            condition &= price_within(self.min_price, self.max_price)
        if self.min_saving is not None:
            condition &= fresh_price_filter() & Q(savings_percent__gte=self.min_saving)
        if self.availability:
            condition &= availability_shown(self.availability)
        return condition

    def _sorted(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if self.sort in ("price", "-price"):
            queryset = queryset.annotate(shown_price=_shown(price_shown(), "price_amount"))
            price = F("shown_price")
            first = (
                price.asc(nulls_last=True) if self.sort == "price" else price.desc(nulls_last=True)
            )
            return queryset.order_by(first, "id")
        if self.sort == "saving":
            queryset = queryset.annotate(shown_saving=_shown(saving_shown(), "savings_percent"))
            return queryset.order_by(F("shown_saving").desc(nulls_last=True), "id")
        if self.sort == "newest":
            return queryset.order_by("-created_at", "-id")
        best_sellers = (F("sales_rank").asc(nulls_last=True), "id")
        if normalise_query(self.keywords):
            return queryset.order_by("-rank", *best_sellers)
        return queryset.order_by(*best_sellers)


def _shown(condition: Q, column: str) -> Case:
    """The column where `condition` holds, else NULL (sorted last)."""
    return Case(When(condition, then=F(column)), default=None)

"""Reads of collections and of the products they show, for pages, the API and the admin."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from products.browse import Browse, browse_results
from products.collections.models import DEFAULT_SORT, Collection
from products.freshness import fresh_price_filter
from products.models import Product
from products.search import search_products
from products.selectors import products_for_cards

# A comparison wider than this is no longer read side by side.
COMPARE_LIMIT = 12


def collections_published() -> QuerySet[Collection]:
    return Collection.objects.filter(published=True)


def collections_for_home(*, marketplace: str, limit: int) -> list[Collection]:
    return list(
        collections_published()
        .filter(show_on_home=True, marketplace=marketplace)
        .order_by("home_order", "title", "id")[:limit]
    )


def collection_for_page(*, slug: str, include_unpublished: bool = False) -> Collection | None:
    """The published collection at `slug`; staff previewing also see unpublished ones."""
    collections = Collection.objects.all() if include_unpublished else collections_published()
    return collections.select_related("rule_category").filter(slug=slug).first()


def collection_matches(collection: Collection) -> QuerySet[Product]:
    """Every published product the collection picks, in its order (no limit: see below)."""
    if not collection.is_rule:
        return (
            products_for_cards()
            .filter(collection_items__collection=collection)
            .order_by("collection_items__position", "collection_items__id")
        )
    # The storefront's own filters and sorts, so a rule matches what a visitor's search would.
    browse = Browse(
        category=collection.rule_category,
        brand=collection.rule_brand,
        availability=collection.rule_availability,
        marketplace=collection.marketplace,
        sort=collection.sort,
    )
    matches = browse_results(browse).filter(_price_and_saving(collection))
    if not collection.rule_keywords:
        return matches
    # Searched last: the search keeps a bounded number of matches, so every filter must
    # come before it or a filter applied afterwards could find none of them.
    found = search_products(matches, collection.rule_keywords)
    if collection.sort == DEFAULT_SORT:
        return found.order_by("-rank", F("sales_rank").asc(nulls_last=True), "id")
    return found


def _price_and_saving(collection: Collection) -> Q:
    """Bounds on the shown price and saving: both count only while fresh, as they are shown."""
    low, high, saving = (
        collection.rule_min_price,
        collection.rule_max_price,
        collection.rule_min_saving,
    )
    if low is None and high is None and saving is None:
        return Q()
    condition = fresh_price_filter()
    if low is not None:
        condition &= Q(price_amount__gte=low)
    if high is not None:
        condition &= Q(price_amount__lte=high)
    if saving is not None:
        condition &= Q(savings_percent__gte=saving)
    return condition


def collection_products(collection: Collection) -> list[Product]:
    """The products a collection shows: at most `max_items`, with every field but the raw item."""
    shown = collection_matches(collection).defer(None).defer("raw", "content_hash")
    return list(shown[: collection.max_items])

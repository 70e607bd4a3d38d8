"""Reads of collections and of the products they show, for pages, the API and the admin."""

from __future__ import annotations

from django.db.models import QuerySet

from products.catalogue_filter import CatalogueFilter
from products.collections.models import Collection
from products.models import Product
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
    # The storefront's own filter and sorts, so a rule matches what a visitor's search would.
    return _rule_filter(collection).apply(products_for_cards())


def _rule_filter(collection: Collection) -> CatalogueFilter:
    return CatalogueFilter(
        marketplace=collection.marketplace,
        categories=(collection.rule_category,) if collection.rule_category else (),
        brand=collection.rule_brand,
        min_price=collection.rule_min_price,
        max_price=collection.rule_max_price,
        min_saving=collection.rule_min_saving,
        availability=collection.rule_availability,
        keywords=collection.rule_keywords,
        sort=collection.sort,
    )


def collection_products(collection: Collection) -> list[Product]:
    """The products a collection shows: at most `max_items`, with every field but the raw item."""
    shown = collection_matches(collection).defer(None).defer("raw", "content_hash")
    return list(shown[: collection.max_items])

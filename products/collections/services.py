"""Writes to collections that staff make outside the collection's own form."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from products.collections.models import Collection, CollectionItem
from products.models import Product
from products.services import collections_changed


def collection_products_add(
    collection: Collection, products: list[Product]
) -> tuple[list[Product], list[tuple[Product, str]]]:
    """Append the products to a hand-picked collection, in the order given; returns those
    added and, for each one refused, why (another store, already there, the collection full)."""
    added: list[Product] = []
    refused: list[tuple[Product, str]] = []
    with transaction.atomic():
        locked = Collection.objects.select_for_update().get(pk=collection.pk)
        if locked.kind != Collection.MANUAL:
            return [], [(product, "the collection picks by a rule") for product in products]
        present = set(locked.items.values_list("product_id", flat=True))
        room = locked.max_items - len(present)
        last = locked.items.aggregate(last=Max("position"))["last"] or 0
        items = []
        for product in products:
            if product.marketplace != locked.marketplace:
                refused.append(
                    (product, f"in the {product.marketplace} store, not {locked.marketplace}")
                )
            elif product.pk in present:
                refused.append((product, "already in the collection"))
            elif len(added) >= room:
                refused.append((product, f"the collection shows at most {locked.max_items}"))
            else:
                last += 10
                items.append(CollectionItem(collection=locked, product=product, position=last))
                added.append(product)
                present.add(product.pk)
        CollectionItem.objects.bulk_create(items)
    if added:
        collections_changed()
    return added, refused

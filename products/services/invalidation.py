"""Cache invalidation for the writes staff and the stock monitor make: after they commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from products.cache_versions import catalogue_changed
from products.edge_purge import stores_purge


def catalogue_invalidate(products: Iterable[tuple[str, str]] = ()) -> None:
    """Refresh every page and list, and these (marketplace, asin) records, once the current
    transaction commits (at once outside one); at the edge too, every page of the stores
    concerned (all of them when no product is named), since a curation change may move
    any list.

    Not before: a page rendered between the new version and the commit would keep the old
    data under the new version until its TTL (an hour for product pages).
    """
    keys = list(products)
    stores = {marketplace for marketplace, _ in keys} or set(settings.AMAZON_MARKETPLACES)

    def changed() -> None:
        catalogue_changed(keys)
        stores_purge(stores)

    transaction.on_commit(changed)

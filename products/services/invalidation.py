"""Cache invalidation for the writes staff and the stock monitor make: after they commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from products.cache_versions import catalogue_changed


def catalogue_invalidate(products: Iterable[tuple[str, str]] = ()) -> None:
    """Refresh every page and list, and these (marketplace, asin) records, once the current
    transaction commits (at once outside one).

    Not before: a page rendered between the new version and the commit would keep the old
    data under the new version until its TTL (an hour for product pages).
    """
    keys = list(products)
    transaction.on_commit(lambda: catalogue_changed(keys))

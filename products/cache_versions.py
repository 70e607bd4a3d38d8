"""Versioned cache keys, so a cached page or record never outlives the data it shows.

Every cached list or page includes the catalogue version in its key, and every cached
product record its product's version. Writes bump the versions of what they changed:
old entries are simply never read again and expire on their TTL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

CATALOGUE_VERSION_KEY = "catalogue:version"


def _product_key(marketplace: str, asin: str) -> str:
    return f"product:{marketplace}:{asin}:version"


def catalogue_version() -> int:
    return _read(CATALOGUE_VERSION_KEY)


def product_version(marketplace: str, asin: str) -> int:
    return _read(_product_key(marketplace, asin))


def _read(key: str) -> int:
    # A missing version (new key, evicted, or Redis down) reads as 1; a bump then makes 2.
    value = cache.get(key)
    return int(value) if value else 1


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # incr needs an existing key; start past the implicit version 1.
        cache.add(key, 2, timeout=None)


def catalogue_changed(products: Iterable[tuple[str, str]] = ()) -> None:
    """Invalidate every list, and the records of the (marketplace, asin) pairs given."""
    _bump(CATALOGUE_VERSION_KEY)
    products_changed(products)


def products_changed(products: Iterable[tuple[str, str]]) -> None:
    """Invalidate only these products' records and pages (a price re-confirmed, say)."""
    for marketplace, asin in products:
        _bump(_product_key(marketplace, asin))


def versioned_key(prefix: str, *parts: object, product: tuple[str, str] | None = None) -> str:
    """A cache key that changes whenever the catalogue (or the given product) changes."""
    version = product_version(*product) if product else catalogue_version()
    joined = ":".join(str(part) for part in parts)
    return f"{prefix}:v{version}:{joined}"

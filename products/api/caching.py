"""Shared caching of public API responses, and conditional GET on product records.

Entries carry the catalogue version (lists) or the product's version (records), so a write by
ingestion or by staff makes the next request miss. Lifetimes never pass the moment a shown
price turns 24 hours old. Staff responses include unpublished products: never shared.
A shared answer tells caches in front of the site the same (products/edge_headers.py):
public for what is left of its lifetime, with the surrogate keys of what it shows.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseBase
from django.utils import timezone
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from config.api.permissions import is_staff
from config.api.stored import StoredAnswer, stored_answer, stored_response
from products.cache_versions import versioned_get, versioned_set
from products.collections.models import Collection
from products.edge_headers import (
    Shown as PageShown,
)
from products.edge_headers import (
    category_key,
    collection_key,
    keep_private,
    product_key,
    seconds_left,
    share,
)
from products.freshness import cache_seconds, price_max_age
from products.models import Category, Product


@dataclass(frozen=True)
class Shown:
    """What an answer shows, the as-of times of the prices in it, and for a conditional
    answer the last moment it changed."""

    data: Any
    as_of: Iterable[datetime | None] = ()
    last_modified: int | None = None
    keys: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class _Shared:
    """A shared answer, and what caches in front may be told about it."""

    answer: StoredAnswer
    price_deadline: float | None
    expires_at: float
    keys: tuple[str, ...]


def shared_response(
    request: Request,
    prefix: str,
    compute: Callable[[], Shown],
    *,
    ttl: int,
    product: tuple[str, str] | None = None,
) -> HttpResponseBase:
    """The shared answer to this request, or `compute`'s, kept for the next public client.

    Lists follow the catalogue's version, product records and their history the product's
    (`product`, as (marketplace, asin)). A hit is one cache read and no database query.
    """
    key = _shared_key(request, prefix)
    if key is None:
        response = stored_response(request, _rendered(compute()))
        keep_private(response)
        return response
    version, shared = versioned_get(key, product=product, catalogue=product is None)
    if not isinstance(shared, _Shared):
        shown = compute()
        prices = tuple(shown.as_of)
        deadline = PageShown(prices=prices).price_deadline()
        seconds = cache_seconds(ttl, prices)
        shared = _Shared(_rendered(shown), deadline, time.time() + seconds, tuple(shown.keys))
        if seconds > 0:
            versioned_set(key, version, shared, seconds)
    response = stored_response(request, shared.answer)
    if response.status_code == 200:
        share(
            response,
            seconds=seconds_left(shared.expires_at),
            price_deadline=shared.price_deadline,
            keys=shared.keys,
        )
    return response


def shown_page(view: GenericAPIView[Any]) -> Shown:
    """One page of the view's filtered queryset, as its paginated response shows it."""
    page = view.paginate_queryset(view.filter_queryset(view.get_queryset())) or []
    data = view.get_paginated_response(view.get_serializer(page, many=True).data).data
    shown_product = getattr(view, "product", None)
    rows = [*page, shown_product] if isinstance(shown_product, Product) else page
    return Shown(
        data, [row.price_as_of for row in page if isinstance(row, Product)], keys=keys_of(rows)
    )


def keys_of(rows: Iterable[object]) -> frozenset[str]:
    """The surrogate keys of the products, categories and collections an answer shows."""
    keys = set()
    for row in rows:
        if isinstance(row, Product):
            keys.add(product_key(row.marketplace, row.asin))
        elif isinstance(row, Category):
            keys.add(category_key(row.marketplace, row.node_id))
        elif isinstance(row, Collection):
            keys.add(collection_key(row.slug))
    return frozenset(keys)


def product_last_modified(product: Product) -> int:
    """The last moment a product's record changed, for If-Modified-Since."""
    moments = [product.updated_at]
    if product.price_as_of is not None:
        moments.append(product.price_as_of)
        turned_stale = product.price_as_of + price_max_age()
        if turned_stale <= timezone.now():
            # The record also changed when its price turned stale and was hidden.
            moments.append(turned_stale)
    return int(max(moments).timestamp())


def _shared_key(request: Request, prefix: str) -> str | None:
    """Where this request's answer is shared, or None when it must not be."""
    if is_staff(request) or request.method not in ("GET", "HEAD"):
        return None
    query = urlencode(sorted(request.query_params.lists()), doseq=True)
    # Links in a response are absolute, so the host is part of what it shows.
    shown = f"{request.build_absolute_uri(request.path)}?{query}|{settings.PRICE_HISTORY_PUBLIC}"
    return f"api:{prefix}:{hashlib.sha256(shown.encode()).hexdigest()}"


def _rendered(shown: Shown) -> StoredAnswer:
    return stored_answer(shown.data, last_modified=shown.last_modified)

"""Shared caching of public API responses, and conditional GET on product records.

Entries carry the catalogue version (lists) or the product's version (records), so a write by
ingestion or by staff makes the next request miss. Lifetimes never pass the moment a shown
price turns 24 hours old. Staff responses include unpublished products: never shared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
from products.freshness import cache_seconds, price_max_age
from products.models import Product


@dataclass(frozen=True)
class Shown:
    """What an answer shows, the as-of times of the prices in it, and for a conditional
    answer the last moment it changed."""

    data: Any
    as_of: Iterable[datetime | None] = ()
    last_modified: int | None = None


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
        return stored_response(request, _rendered(compute()))
    version, answer = versioned_get(key, product=product, catalogue=product is None)
    if not isinstance(answer, StoredAnswer):
        shown = compute()
        answer = _rendered(shown)
        versioned_set(key, version, answer, cache_seconds(ttl, shown.as_of))
    return stored_response(request, answer)


def shown_page(view: GenericAPIView[Any]) -> Shown:
    """One page of the view's filtered queryset, as its paginated response shows it."""
    page = view.paginate_queryset(view.filter_queryset(view.get_queryset())) or []
    data = view.get_paginated_response(view.get_serializer(page, many=True).data).data
    return Shown(data, [row.price_as_of for row in page if isinstance(row, Product)])


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

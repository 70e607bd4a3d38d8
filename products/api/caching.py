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
from django.http import HttpRequest, HttpResponseBase
from django.urls import ResolverMatch
from django.utils import timezone
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from config.api.permissions import is_staff
from config.api.stored import StoredAnswer, stored_answer, stored_response
from products.cache_versions import versioned_get, versioned_get_counting, versioned_set
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
    """A shared answer, what caches in front may be told about it, and the headers the
    view's request cycle gave it (Allow, Vary), so an early hit sends the same."""

    answer: StoredAnswer
    price_deadline: float | None
    expires_at: float
    keys: tuple[str, ...]
    headers: tuple[tuple[str, str], ...] = ()


def shared_response(
    request: Request, compute: Callable[[], Shown], *, ttl: int
) -> HttpResponseBase:
    """The shared answer to this request, or `compute`'s, kept for the next public client.

    Lists follow the catalogue's version, product records and their history the product's
    (the route's `asin`). A hit is one cache read and no database query.
    """
    http_request = request._request
    if is_staff(request) or request.method not in ("GET", "HEAD"):
        response = stored_response(request, _rendered(compute()))
        keep_private(response)
        return response
    key = shared_key(http_request)
    looked_up = getattr(http_request, "api_lookup", None)
    if looked_up is not None and looked_up[0] == key:
        # The early path read this key a moment ago and found nothing.
        version, shared = looked_up[1], None
    else:
        version, shared = versioned_get(key, **_versions_of(http_request.resolver_match))
    if not isinstance(shared, _Shared):
        shown = compute()
        prices = tuple(shown.as_of)
        deadline = PageShown(prices=prices).price_deadline()
        seconds = cache_seconds(ttl, prices)
        headers = tuple(request.parser_context["view"].headers.items())
        shared = _Shared(
            _rendered(shown), deadline, time.time() + seconds, tuple(shown.keys), headers
        )
        if seconds > 0:
            versioned_set(key, version, shared, seconds)
    return hit_response(stored_response(request, shared.answer), shared)


def lookup_shared(
    http_request: HttpRequest, match: ResolverMatch, counter: tuple[str, int]
) -> tuple[_Shared | None, int | None]:
    """The shared answer for an anonymous request, if one is current, and the request's
    number in its rate-limit window (`counter`: key and lifetime), both read in one round
    trip. A miss leaves its key and versions on the request, so that the view does not
    read them again."""
    key = shared_key(http_request)
    version, shared, count = versioned_get_counting(key, *counter, **_versions_of(match))
    if isinstance(shared, _Shared):
        return shared, count
    http_request.api_lookup = (key, version)  # type: ignore[attr-defined]
    return None, count


def hit_response(response: HttpResponseBase, shared: _Shared) -> HttpResponseBase:
    """`response`, made of a shared answer, with the headers its view gave it and, when it
    is a 200, what caches in front may do with it."""
    for name, value in shared.headers:
        response[name] = value
    if response.status_code == 200:
        share(
            response,
            seconds=seconds_left(shared.expires_at),
            price_deadline=shared.price_deadline,
            keys=shared.keys,
        )
    return response


def shared_key(http_request: HttpRequest) -> str:
    """Where an anonymous request's answer is shared: the URL with its parameters sorted."""
    query = urlencode(sorted(http_request.GET.lists()), doseq=True)
    # Links in a response are absolute, so the host is part of what it shows.
    uri = http_request.build_absolute_uri(http_request.path)
    shown = f"{uri}?{query}|{settings.PRICE_HISTORY_PUBLIC}"
    return f"api:shared:{hashlib.sha256(shown.encode()).hexdigest()}"


def _versions_of(match: ResolverMatch | None) -> dict[str, Any]:
    """The versions an answer of this route depends on: a product's record and history
    its product's, every other answer the catalogue's."""
    kwargs = match.kwargs if match else {}
    if "asin" in kwargs:
        product = (str(kwargs["marketplace"]), str(kwargs["asin"]).upper())
        return {"product": product, "catalogue": False}
    return {}


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


def _rendered(shown: Shown) -> StoredAnswer:
    return stored_answer(shown.data, last_modified=shown.last_modified)

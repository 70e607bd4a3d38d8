"""Shared caching of public API responses, and conditional GET on product records.

Keys carry the catalogue version (lists) or the product's version (records), so a write by
ingestion or by staff makes the next request miss. Lifetimes never pass the moment a shown
price turns 24 hours old. Staff responses include unpublished products: never shared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from config.api.permissions import is_staff
from products.cache_versions import versioned_get, versioned_set
from products.freshness import cache_seconds, price_max_age
from products.models import Product


@dataclass(frozen=True)
class SharedEntry:
    """Where a public response is shared, the version it must match, and what is there now."""

    key: str
    version: str
    value: Any


def public_cache_key(
    request: Request, prefix: str, *, product: tuple[str, str] | None = None
) -> SharedEntry | None:
    """The shared entry for this request (read now, with its version, in one round trip), or
    None when its answer must not be shared. Lists follow the catalogue's version, product
    records and their history the product's."""
    if is_staff(request) or request.method not in ("GET", "HEAD"):
        return None
    query = urlencode(sorted(request.query_params.lists()), doseq=True)
    # Links in a response are absolute, so the host is part of what it shows.
    shown = f"{request.build_absolute_uri(request.path)}?{query}|{settings.PRICE_HISTORY_PUBLIC}"
    key = f"api:{prefix}:{hashlib.sha256(shown.encode()).hexdigest()}"
    version, value = versioned_get(key, product=product, catalogue=product is None)
    return SharedEntry(key, version, value)


def cached(shared: SharedEntry | None) -> Any:
    return shared.value if shared else None


def cache_response(
    shared: SharedEntry | None, value: Any, *, ttl: int, shown_as_of: Iterable[datetime | None]
) -> None:
    if shared:
        versioned_set(shared.key, shared.version, value, cache_seconds(ttl, shown_as_of))


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int


def product_validators(product: Product, data: Any) -> Validators:
    """An ETag of what is shown, and the last moment it changed, for conditional GET."""
    encoded = json.dumps(data, cls=JSONEncoder, sort_keys=True).encode()
    moments = [product.updated_at]
    if product.price_as_of is not None:
        moments.append(product.price_as_of)
        turned_stale = product.price_as_of + price_max_age()
        if turned_stale <= timezone.now():
            # The record also changed when its price turned stale and was hidden.
            moments.append(turned_stale)
    etag = f'"{hashlib.sha256(encoded).hexdigest()[:32]}"'
    return Validators(etag, int(max(moments).timestamp()))


def conditional_response(request: Request, data: Any, validators: Validators) -> HttpResponseBase:
    """The response, or 304 when the client's copy (If-None-Match, If-Modified-Since) is current."""
    response = Response(data)
    response["ETag"] = validators.etag
    response["Last-Modified"] = http_date(validators.last_modified)
    conditional = get_conditional_response(
        request._request,
        etag=validators.etag,
        last_modified=validators.last_modified,
        response=response,
    )
    return conditional or response

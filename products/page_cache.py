"""Whole storefront pages cached for anonymous visitors, under versioned keys.

A key carries the catalogue version (and the product's, on product pages), so a write
makes the next visitor get a freshly rendered page; each entry lives no longer than its
TTL nor past the moment the oldest price it shows turns 24 hours old.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from products.cache_versions import current_value, versioned_get, versioned_set
from products.freshness import cache_seconds
from products.stores import request_store

Rendered = tuple[HttpResponse, Iterable[datetime | None]]

# A renderer holds the fill lock at most this long; others wait at most FILL_WAIT_SECONDS
# for its page (a page renders in tens of milliseconds), then render it themselves.
FILL_LOCK_SECONDS = 10
FILL_WAIT_SECONDS = 1.0
FILL_POLL_SECONDS = 0.02

# A form's CSRF token belongs to one visitor: the cached copy keeps the field empty, and each
# visitor's own token fills it as the page is served. Page text never matches this (quotes
# in it are escaped); only the csrf_token tag writes it.
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _page_key(request: HttpRequest) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    # Every page shows the visitor's store (its products, the header's switch).
    return f"page:{request_store(request)}:{digest}"


def _for_this_visitor(content: bytes, request: HttpRequest) -> bytes:
    if b'name="csrfmiddlewaretoken"' not in content:
        return content
    token = get_token(request).encode()
    return _CSRF_FIELD.sub(lambda field: field[1] + token + field[2], content)


def _per_visitor(response: HttpResponse) -> HttpResponse:
    """The page depends on the store cookie and the browser's languages, and may carry a
    CSRF token: a shared cache must neither keep it for others nor mix stores."""
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    patch_cache_control(response, private=True)
    return response


def cached_page(
    request: HttpRequest,
    render: Callable[[], Rendered],
    *,
    ttl: int,
    product: tuple[str, str] | None = None,
) -> HttpResponse:
    """The cached page when there is one; else render, and cache a 200 for anonymous GETs."""
    if request.method != "GET" or request.user.is_authenticated:
        response, _ = render()
        return _per_visitor(response)
    key = _page_key(request)
    # The entry carries the versions it was rendered at, rather than its key: then the
    # versions and the page are read together, one round trip for a hit, and a write makes
    # every older entry a miss all the same.
    version, hit = versioned_get(key, product=product)
    filling = f"{key}:{version}:filling"
    holding = hit is None and _fill_lock(filling)
    if hit is None and not holding:
        hit = _wait_for_fill(key, version, filling)
    if hit is not None:
        content = _for_this_visitor(hit["content"], request)
        response = HttpResponse(content, content_type=hit["content_type"])
        response["X-Cache"] = "hit"
        return _per_visitor(response)
    try:
        response, shown = render()
        if response.status_code == 200:
            seconds = cache_seconds(ttl, shown)
            if seconds > 0:
                content = _CSRF_FIELD.sub(rb"\1\2", response.content)
                entry = {"content": content, "content_type": response["Content-Type"]}
                versioned_set(key, version, entry, seconds)
    finally:
        if holding:
            cache.delete(filling)
    response["X-Cache"] = "miss"
    return _per_visitor(response)


def _fill_lock(filling: str) -> bool:
    """Whether this request renders the missing page. When a hot page expires, one request
    renders it and the others wait briefly for its result instead of all rendering at once."""
    if cache.add(filling, 1, FILL_LOCK_SECONDS):
        return True
    # No lock held by anyone means the cache is unreachable: render, don't wait.
    return cache.get(filling) is None


def _wait_for_fill(key: str, version: str, filling: str) -> Any:
    deadline = time.monotonic() + FILL_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(FILL_POLL_SECONDS)
        found = cache.get_many([key, filling])
        entry = current_value(found.get(key), version)
        if entry is not None:
            return entry
        if filling not in found:
            # The renderer is done and cached nothing (a redirect, a 404): a hot URL that
            # is no page must not hold every other visitor for the whole wait.
            return None
    return None

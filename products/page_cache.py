"""Whole storefront pages cached for anonymous visitors, under versioned keys.

A key carries the catalogue version (and the product's, on product pages), so a write
makes the next visitor get a freshly rendered page; each entry lives no longer than its
TTL nor past the moment the oldest price it shows turns 24 hours old.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from products.cache_versions import catalogue_version, product_version
from products.freshness import cache_seconds

Rendered = tuple[HttpResponse, Iterable[datetime | None]]

# A renderer holds the fill lock at most this long; others wait at most FILL_WAIT_SECONDS
# for its page (a page renders in tens of milliseconds), then render it themselves.
FILL_LOCK_SECONDS = 10
FILL_WAIT_SECONDS = 1.0
FILL_POLL_SECONDS = 0.02


def _page_key(request: HttpRequest, product: tuple[str, str] | None) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    version = f"{catalogue_version()}.{product_version(*product) if product else 0}"
    return f"page:v{version}:{digest}"


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
        return response
    key = _page_key(request, product)
    hit = cache.get(key)
    holding = hit is None and _fill_lock(key)
    if hit is None and not holding:
        hit = _wait_for_fill(key)
    if hit is not None:
        response = HttpResponse(hit["content"], content_type=hit["content_type"])
        response["X-Cache"] = "hit"
        return response
    try:
        response, shown = render()
        if response.status_code == 200:
            seconds = cache_seconds(ttl, shown)
            if seconds > 0:
                entry = {"content": response.content, "content_type": response["Content-Type"]}
                cache.set(key, entry, seconds)
    finally:
        if holding:
            cache.delete(f"{key}:filling")
    response["X-Cache"] = "miss"
    return response


def _fill_lock(key: str) -> bool:
    """Whether this request renders the missing page. When a hot page expires, one request
    renders it and the others wait briefly for its result instead of all rendering at once."""
    if cache.add(f"{key}:filling", 1, FILL_LOCK_SECONDS):
        return True
    # No lock held by anyone means the cache is unreachable: render, don't wait.
    return cache.get(f"{key}:filling") is None


def _wait_for_fill(key: str) -> Any:
    deadline = time.monotonic() + FILL_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(FILL_POLL_SECONDS)
        hit = cache.get(key)
        if hit is not None:
            return hit
    return None

"""Whole storefront pages cached for anonymous visitors, under versioned keys.

A key carries the catalogue version (and the product's, on product pages), so a write
makes the next visitor get a freshly rendered page; each entry lives no longer than its
TTL nor past the moment the oldest price it shows turns 24 hours old.

A page's bytes depend on its URL alone: its store is in its path, its links name the
site's own origin (SITE_URL) whatever Host the request came with, and only the query
parameters its view reads are part of it. So the key is the path and those parameters
(tracking parameters such as utm_source make no entry of their own), and the same page
may be kept by a shared cache in front of the site (products/edge_headers.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.http import urlencode

from config.api.paths import API_PREFIX
from products.cache_versions import current_value, versioned_get, versioned_set
from products.edge_headers import Shown, keep_private, seconds_left, share
from products.freshness import cache_seconds
from products.page_language import use_store

Rendered = tuple[HttpResponse, Shown]

# A renderer holds the fill lock at most this long; others wait at most FILL_WAIT_SECONDS
# for its page (a page renders in tens of milliseconds), then render it themselves.
FILL_LOCK_SECONDS = 10
FILL_WAIT_SECONDS = 1.0
FILL_POLL_SECONDS = 0.02


def page_query(request: HttpRequest, params: Iterable[str]) -> str:
    """The query string of the parameters a view reads, sorted; the last value of each
    counts, as the view reads it."""
    chosen = {name: request.GET[name] for name in sorted(params) if request.GET.get(name)}
    return urlencode(chosen)


def cached_page(
    request: HttpRequest,
    render: Callable[[], Rendered],
    *,
    ttl: int,
    params: Iterable[str] = (),
    product: tuple[str, str] | None = None,
) -> HttpResponse:
    """The cached page when there is one; else render, and cache a 200 for anonymous GETs.
    `params` names the query parameters the page reads; any other is ignored."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        response, _ = render()
        keep_private(response)
        return response
    # The page's own address (for the store switch), as read: the parameters it uses only.
    request.page_query = page_query(request, params)  # type: ignore[attr-defined]
    key = f"page:{request.path}?{request.page_query}"  # type: ignore[attr-defined]
    # The entry carries the versions it was rendered at, rather than its key: then the
    # versions and the page are read together, one round trip for a hit, and a write makes
    # every older entry a miss all the same.
    looked_up = getattr(request, "page_lookup", None)
    if looked_up is not None and looked_up[0] == key:
        # The early hit path read this key a moment ago and found nothing: its versions
        # stand, and a second round trip would only say the same.
        version, hit = looked_up[1], None
    else:
        version, hit = versioned_get(key, product=product)
    filling = f"{key}:{version}:filling"
    holding = hit is None and _fill_lock(filling)
    if hit is None and not holding:
        hit = _wait_for_fill(key, version, filling)
    if hit is not None:
        return _hit_response(hit)
    try:
        response, shown = render()
        _keep(response, shown, key=key, version=version, ttl=ttl)
    finally:
        if holding:
            cache.delete(filling)
    response["X-Cache"] = "miss"
    return response


def _hit_response(hit: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(hit["content"], content_type=hit["content_type"])
    # Set here rather than by CommonMiddleware, which an early hit does not pass through.
    response["Content-Length"] = str(len(response.content))
    response["X-Cache"] = "hit"
    share(
        response,
        seconds=seconds_left(hit["expires_at"]),
        price_deadline=hit["price_deadline"],
        keys=hit["keys"],
    )
    return response


class PageCacheHitMiddleware:
    """Answers an anonymous GET of a cached page before the session, CSRF, authentication
    and messages layers, none of which a cached page needs: with them, a hit served at
    0.55 to 0.65 of a trivial view's rate (docs/benchmarks.md). Anything else, and every
    miss, goes on to the view, which caches the page as before.

    The key is the one the view reads (the path and its query, parameters sorted); a
    parameter the view ignores makes a key no view writes, so such a request is a miss here
    and the view answers it. A product page's entry also carries its product's version, as
    the product view keys it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return _early_hit(request) or self.get_response(request)


def _early_hit(request: HttpRequest) -> HttpResponse | None:
    if (
        request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        # The API's answers have a cache of their own: not even a lookup of the route.
        or request.path_info.startswith(API_PREFIX)
    ):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    store = str(match.kwargs.get("marketplace", "")).upper()
    if match.app_name != "products" or store not in settings.AMAZON_MARKETPLACES:
        return None
    asin = match.kwargs.get("asin")
    product = (store, str(asin).upper()) if asin else None
    key = f"page:{request.path}?{page_query(request, request.GET.keys())}"
    version, hit = versioned_get(key, product=product)
    if hit is None:
        request.page_lookup = (key, version)  # type: ignore[attr-defined]
        return None
    # As the view would: the page's store decides the language its headers name, and the
    # access log and metrics label the answer by the route that matched.
    use_store(request, store)
    request.resolver_match = match
    return _hit_response(hit)


def _keep(response: HttpResponse, shown: Shown, *, key: str, version: str, ttl: int) -> None:
    """Cache a rendered 200 in Redis and mark it shareable; anything else stays private."""
    if response.status_code != 200 or response.cookies:
        keep_private(response)
        return
    deadline = shown.price_deadline()
    seconds = cache_seconds(ttl, shown.prices)
    if seconds <= 0:
        keep_private(response)
        return
    entry = {
        "content": response.content,
        "content_type": response["Content-Type"],
        "keys": sorted(shown.keys),
        "price_deadline": deadline,
        "expires_at": time.time() + seconds,
    }
    versioned_set(key, version, entry, seconds)
    share(response, seconds=seconds, price_deadline=deadline, keys=shown.keys)


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

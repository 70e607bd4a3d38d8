"""Shared API answers sent before DRF's request cycle, to anonymous plain-JSON clients.

A shared answer is stored as its rendered JSON (config/api/stored.py), yet a hit through
the view still paid for DRF's request, authentication, content negotiation and throttle
objects: it served at about a third of a trivial view's rate (docs/benchmarks.md). Here a
request that DRF would answer with those very bytes gets them at once: anonymous (no
token, no session cookie), a GET or HEAD asking for JSON as the API's first renderer
does, within its address's limit, which it counts as the view would. Anything else, and
every miss, goes on to the view, which shares the answer as before.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

from config.api.paths import API_PREFIX
from config.api.stored import stored_json_response
from config.api.throttling import COUNTED_ATTRIBUTE, AnonymousThrottle
from config.security.client_address import client_address
from products.api.caching import hit_response, lookup_shared

# What DRF's content negotiation answers with the JSON renderer, without parameters.
PLAIN_JSON_ACCEPTS = frozenset({"", "*/*", "application/json"})


class SharedAnswerHitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return _early_answer(request) or self.get_response(request)


def _early_answer(request: HttpRequest) -> HttpResponseBase | None:
    if (
        request.method not in ("GET", "HEAD")
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "format" in request.GET
        or request.META.get("HTTP_ACCEPT", "").strip() not in PLAIN_JSON_ACCEPTS
    ):
        return None
    if not request.path_info.startswith(API_PREFIX):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace != "api":
        return None
    throttle = AnonymousThrottle()
    identity = client_address(request)
    shared, count = lookup_shared(request, match, throttle.counter(identity))
    if count is None:
        # The cache could not count with the lookup: the view's throttle counts.
        allowed = shared is not None and throttle.count_request(identity)
    else:
        # Counted once: the view's throttle, on a miss, takes this number.
        setattr(request, COUNTED_ATTRIBUTE, count)
        allowed = throttle.within(count)
    if shared is None or not allowed:
        # A miss, or over the limit: the view answers, in the API's own words.
        return None
    # The access log and metrics label the answer by the route that matched.
    request.resolver_match = match
    response = stored_json_response(request, shared.answer)
    # Set here rather than by CommonMiddleware, which an early answer does not pass through.
    response["Content-Length"] = str(len(response.content))
    return hit_response(response, shared)

"""One structured log line and one metrics observation per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from config.ops.endpoints import OPERATIONS_PATHS
from config.ops.request_metrics import observe_request

logger = logging.getLogger("config.access")

# Methods outside this set are labelled "other", so a scanner cannot grow the metric labels.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered (bounded, unlike the path), or "unmatched"."""
    match = request.resolver_match
    if match is None:
        return "unmatched"
    return "/" + str(match.route)


class AccessLogMiddleware:
    """Logs method, path, route, status and duration; load balancer and scraper calls at DEBUG."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        method = request.method if request.method in KNOWN_METHODS else "other"
        operations = request.path_info in OPERATIONS_PATHS
        route = request.path_info if operations else route_of(request)
        if not operations:
            observe_request(
                method=method or "other",
                route=route,
                status=response.status_code,
                seconds=seconds,
                page_cache=response.get("X-Cache"),
            )
        logger.log(
            logging.DEBUG if operations else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
        return response

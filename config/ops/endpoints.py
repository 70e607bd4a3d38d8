"""Serves the health and metrics endpoints ahead of host validation and the HTTPS redirect.

The load balancer's health checks and a Prometheus scraper call a task by its private IP
over plain HTTP: the Host is not in ALLOWED_HOSTS and there is no X-Forwarded-Proto, so
Django's other middleware would answer 400 or 301 instead of the check. Skipping that
middleware must not skip the headers it adds, so each answer passes through the same
header middleware as every page (HSTS, as there, on requests that came over HTTPS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

from config.ops.health import health_live, health_ready
from config.ops.prometheus import metrics

OPERATIONS_ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/health/": health_live,
    "/health/ready/": health_ready,
    "/metrics": metrics,
}
OPERATIONS_PATHS = frozenset(OPERATIONS_ENDPOINTS)


class OperationsEndpointsMiddleware:
    """Answers GET and HEAD on the operations paths; everything else passes through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # The middleware of base.MIDDLEWARE that sets security headers on every answer.
        self.header_middleware = (
            SecurityMiddleware(get_response),
            CSPMiddleware(get_response),
            XFrameOptionsMiddleware(get_response),
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = OPERATIONS_ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = endpoint(request)
        for middleware in self.header_middleware:
            # Each sets headers on the response it is given and returns it.
            response = cast(HttpResponse, middleware.process_response(request, response))
        return response

"""Serves the health and metrics endpoints ahead of host validation and the HTTPS redirect.

The load balancer's health checks and a Prometheus scraper call a task by its private IP
over plain HTTP: the Host is not in ALLOWED_HOSTS and there is no X-Forwarded-Proto, so
Django's other middleware would answer 400 or 301 instead of the check.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = OPERATIONS_ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return endpoint(request)

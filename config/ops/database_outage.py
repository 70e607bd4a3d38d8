"""Answer 503 with Retry-After, not a 500, while the database cannot be reached.

A PostgreSQL restart or failover takes seconds; CONN_HEALTH_CHECKS replaces the dead
connections on the next request, so the site recovers without a process restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from products.branding import branding_context
from products.page_language import page_language_context

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseOutageMiddleware:
    """Turn a lost database connection into a short, honest 503 (JSON under /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_DOWN):
            return None
        return outage_response(request, exception)


DATABASE_DOWN = (OperationalError, InterfaceError)


def outage_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 for a lost database: the API's JSON error shape under /api/, a page elsewhere."""
    logger.error("Database unavailable: %s", exception, extra={"health": "down"})
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {
            "status": 503,
            "code": "unavailable",
            "message": "The catalogue is briefly unavailable; retry shortly.",
            "errors": [],
        }
        response = JsonResponse(body, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {**page_language_context(request), **branding_context()}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response

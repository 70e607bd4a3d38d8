"""Refuses absurdly long query strings before any view parses them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class QueryStringLimitMiddleware:
    """Answers 414 when the query string is longer than MAX_QUERY_STRING_LENGTH."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return HttpResponse(
                "Request-URI too long", status=414, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

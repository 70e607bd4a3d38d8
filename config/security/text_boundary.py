"""Refuses, before any view reads them, a path or query string holding text PostgreSQL or a
parser would refuse (config/security/text_rules.py): 404 on a page, and in the API a 400
naming the parameter, in the API's error format."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework.exceptions import ValidationError

from config.api.exceptions import error_body
from config.security.text_rules import refused_path, refused_query_field, repeated_query_field

API_PREFIX = "/api/"
REFUSED_TEXT = "Contains characters that are not allowed."
REPEATED = "Give this parameter once."


class TextBoundaryMiddleware:
    """Refuses a path or query string holding refused text before any view reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith(API_PREFIX)
        raw_query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        field = "path" if refused_path(request.path_info) else refused_query_field(raw_query)
        message = REFUSED_TEXT
        if field is None and api:
            # Each API parameter takes one value: a repeated one is a client's mistake that
            # the filters would settle silently by taking one of them.
            field, message = repeated_query_field(raw_query), REPEATED
        if field is None:
            return self.get_response(request)
        if api:
            refusal = ValidationError({field: [message]})
            return JsonResponse(error_body(400, refusal), status=400)
        raise Http404("No such page")

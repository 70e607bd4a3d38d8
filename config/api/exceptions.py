"""Every API error as one JSON shape: status, code, message and the fields at fault."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.security.text_rules import is_ascii_number

FieldError = dict[str, str]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (which sets Retry-After and WWW-Authenticate), with our error body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        # Django's own limits on a body (size, number of fields) would otherwise be HTML.
        exc = exceptions.ParseError(f"The body was refused: {exc}")
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = error_body(response.status_code, exc)
    return response


def error_body(status: int, exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(exc.detail, ""))
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        message = f"Invalid input: {fields}." if fields else "Invalid input."
        return {"status": status, "code": "invalid", "message": message, "errors": errors}
    detail = exc.detail
    code = str(getattr(detail, "code", None) or exc.default_code)
    # An error other than a 400 may still be one parameter's (a cursor naming no page).
    field = getattr(exc, "field", None)
    errors = [{"field": field, "message": str(detail), "code": code}] if field else []
    return {"status": status, "code": code, "message": str(detail), "errors": errors}


def _flatten(detail: Any, path: str) -> list[FieldError]:
    """Nested serializer errors as (field path, message) pairs: `entries[2]`, `price.amount`."""
    if isinstance(detail, dict):
        found: list[FieldError] = []
        for key, value in detail.items():
            if isinstance(key, int) or (isinstance(key, str) and is_ascii_number(key)):
                child = f"{path}[{key}]"
            else:
                child = f"{path}.{key}" if path else str(key)
            found.extend(_flatten(value, child))
        return found
    if isinstance(detail, list):
        return [error for item in detail for error in _flatten(item, path)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": path or "non_field_errors", "message": str(detail), "code": str(code)}]


# Nothing is read or changed here, and a CSRF refusal would answer HTML instead of JSON.
@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under /api/ answer JSON like the API itself, whatever the method."""
    body = {
        "status": 404,
        "code": "not_found",
        "message": f"No API endpoint at {request.path}.",
        "errors": [],
    }
    return JsonResponse(body, status=404)

"""OpenAPI details the views cannot state themselves: the error responses of each operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

# Registers the extension that states each filter's bounds in the schema.
import config.api.filter_schema  # noqa: F401

ERROR_DESCRIPTIONS = {
    400: (
        "A malformed filter, cursor or body, or a parameter holding text that is not allowed "
        "(a NUL, invalid UTF-8); `errors` names each field at fault."
    ),
    401: "Missing or invalid credentials (session or `Authorization: Token ...`).",
    403: "Signed in, but not allowed (staff only, or a CSRF failure).",
    404: "No such object, or not published.",
    415: "The body is not JSON (`Content-Type: application/json`).",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}

# Answered before the API reads the request (config/security/request_limits.py).
URI_TOO_LONG = {
    "description": "The query string is longer than MAX_QUERY_STRING_LENGTH characters.",
    # The app answers in text; gunicorn, for a request line past its own limit, in HTML.
    "content": {
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    },
}

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[429],
    description="Seconds until the rate-limit window resets.",
)


class FieldErrorSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The parameter or body field, e.g. `entries[2]`.")
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorSerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Machine-readable, e.g. `invalid` or `throttled`.")
    message = serializers.CharField()
    # DRF moves declared fields off the class, so this name does not hide `.errors`.
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]


class ApiSchema(AutoSchema):
    """Adds the documented error responses to every operation, by what it can fail on."""

    def get_override_parameters(self) -> list[Any]:
        return [*super().get_override_parameters(), RETRY_AFTER]

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in sorted(self.error_statuses()):
            response = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
            responses.setdefault(
                str(status), self._get_response_for_code(response, str(status), direction=direction)
            )
        responses.setdefault("414", URI_TOO_LONG)
        return responses

    def get_auth(self) -> list[dict[str, Any]]:
        """An operation a permission opens to anonymous callers (by a setting) says so."""
        auths: list[dict[str, Any]] = super().get_auth()
        opened = any(
            getattr(permission, "allows_anonymous", lambda: False)()
            for permission in self.view.get_permissions()
        )
        if opened and {} not in auths:
            auths.append({})
        return auths

    def error_statuses(self) -> set[int]:
        # Any request may carry a bad token (401), count against the rate limit (429), and
        # hold refused text in its path or query string (400, config/security/).
        statuses = {400, 401, 429, *getattr(self.view, "error_statuses", ())}
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        if writes:
            statuses.update({403, 415})
        if "{" in self.path:
            statuses.add(404)
        return statuses

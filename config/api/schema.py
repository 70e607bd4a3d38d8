"""OpenAPI details the views cannot state themselves: the error responses of each operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.fields import CharField

# Registers the extension that states each filter's bounds in the schema.
import config.api.filter_schema  # noqa: F401
from config.api.fields import WHITESPACE

ERROR_DESCRIPTIONS = {
    400: (
        "A malformed filter, cursor or body, or a parameter holding text that is not allowed "
        "(a NUL, invalid UTF-8); `errors` names each field at fault."
    ),
    401: "Missing or invalid credentials (session or `Authorization: Token ...`).",
    403: "Signed in, but not allowed (staff only, or a CSRF failure).",
    404: (
        "No such object, or not published; on a list, a `cursor` this API did not issue for "
        "the `ordering` asked for (`errors` names it)."
    ),
    409: "The change conflicts with the stored object (`errors` names the field).",
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

# Text in a parameter or body holds no NUL: the API refuses one (config/security/, and DRF
# in bodies), so the schema says so wherever it states no tighter rule.
NO_NUL = "^[^\\x00]*$"
SOME_TEXT = "^[^\\x00]+$"
# Text DRF trims and refuses when nothing is left: something other than whitespace.
NOT_BLANK = f"^[^\\x00]*[^{WHITESPACE}\\x00][^\\x00]*$"

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

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] in ("query", "path"):
                _refuse_nul(parameter.get("schema", {}))
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(field, CharField):
            # drf-spectacular adds "" as an alternative (oneOf) to a blank field's pattern,
            # so that pattern must not admit "" itself, or "" would match both.
            trimmed_to_nothing = not field.allow_blank and field.trim_whitespace
            _refuse_nul(schema, NOT_BLANK if trimmed_to_nothing else SOME_TEXT)
        return schema

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
        by_action = getattr(self.view, "action_error_statuses", {})
        statuses.update(by_action.get(getattr(self.view, "action", None), ()))
        writes = self.method not in ("GET", "HEAD", "OPTIONS")
        if writes:
            statuses.update({403, 415})
        # A list pages by cursor, and a cursor naming no page is a 404 (pagination.py).
        paged = self._is_list_view() and getattr(self.view, "pagination_class", None)
        if "{" in self.path or paged:
            statuses.add(404)
        return statuses


def _refuse_nul(schema: dict[str, Any], pattern: str = NO_NUL) -> None:
    """States `pattern` on free text: a string with no enum, format or pattern of its own."""
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
        schema["pattern"] = pattern

"""Answers the sandbox sends, and the Creators API's error shapes (CREATORS_API.md, Errors)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    """An HTTP answer before it is written to the socket."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data: Any, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps(data, ensure_ascii=False).encode()
        return cls(status, body, "application/json", headers or {})


class ApiError(Exception):
    """A failed API call; its body follows the SDK's exception models."""

    def __init__(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None):
        super().__init__(data.get("message", ""))
        self.status = status
        self.data = data
        self.headers = headers or {}

    def response(self) -> Response:
        headers = {"x-amzn-ErrorType": self.data["type"], **self.headers}
        return Response.json(self.status, self.data, headers)


def validation_error(
    message: str, *, reason: str = "FieldValidationFailed", field_name: str | None = None
) -> ApiError:
    """400: the request breaks the API's constraints; the client must not retry it."""
    data: dict[str, Any] = {"type": "ValidationException", "message": message, "reason": reason}
    if field_name is not None:
        data["fieldList"] = [{"name": field_name, "message": message}]
    return ApiError(400, data)


def unauthorized(reason: str, message: str) -> ApiError:
    """401: missing, unknown or expired token."""
    return ApiError(401, {"type": "UnauthorizedException", "message": message, "reason": reason})


def access_denied(reason: str, message: str) -> ApiError:
    """403: the account may not call the API, e.g. too few sales (AssociateNotEligible)."""
    return ApiError(403, {"type": "AccessDeniedException", "message": message, "reason": reason})


def not_found(message: str, *, resource_id: str, resource_type: str) -> ApiError:
    """404: nothing matches, which is also how a search with no results answers."""
    data = {
        "type": "ResourceNotFoundException",
        "message": message,
        "resourceId": resource_id,
        "resourceType": resource_type,
    }
    return ApiError(404, data)


def throttled(message: str, *, retry_after: int, quota_code: str) -> ApiError:
    """429: over the per-second or per-day quota; Retry-After says when to come back."""
    data = {
        "type": "ThrottleException",
        "message": message,
        "serviceCode": "creatorsapi",
        "quotaCode": quota_code,
    }
    return ApiError(429, data, {"Retry-After": str(retry_after)})


def internal_error(message: str) -> ApiError:
    """500: the service failed; clients retry with backoff."""
    return ApiError(500, {"type": "InternalServerException", "message": message})

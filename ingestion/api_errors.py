"""Amazon's library errors turned into the few exceptions ingestion acts on."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from amazon_creatorsapi.core.retry import get_retry_after
from amazon_creatorsapi.errors import (
    AccessDeniedError,
    AmazonCreatorsApiError,
    AssociateValidationError,
    AuthenticationError,
    InvalidArgumentError,
    TooManyRequestsError,
)
from creatorsapi_python_sdk.exceptions import ApiException

# Retry-After is usually 1 s on a 429; used when the header is missing.
DEFAULT_RETRY_AFTER = 1.0

REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id")


class CreatorsApiError(Exception):
    """A Creators API call failed; `request_id` is Amazon's id for it when the answer had one."""

    def __init__(self, message: str, *, request_id: str = "") -> None:
        super().__init__(message)
        self.request_id = request_id
        # The store the request was for and the region whose credential it carried.
        self.marketplace = ""
        self.region = ""

    def for_store(self, *, marketplace: str, region: str) -> CreatorsApiError:
        self.marketplace, self.region = marketplace, region
        return self


class MissingCredentials(CreatorsApiError):
    """Settings lack what every call needs: no call is attempted."""


class AccessPaused(CreatorsApiError):
    """The region's credential lost access (ingestion.access) and its probe is not due: no
    request is sent."""


class Throttled(CreatorsApiError):
    """Amazon or the shared quota asks to wait `retry_after` seconds; every worker pauses."""

    def __init__(self, message: str, *, retry_after: float, request_id: str = "") -> None:
        super().__init__(message, request_id=request_id)
        self.retry_after = retry_after


class QuotaExhausted(CreatorsApiError):
    """Today's request budget is spent; calls resume in `resets_in` seconds (UTC midnight)."""

    def __init__(self, message: str, *, resets_in: float) -> None:
        super().__init__(message)
        self.resets_in = resets_in


class Transient(CreatorsApiError):
    """A 5xx, timeout or transport failure: retry later with backoff."""


class BadResponse(CreatorsApiError):
    """The answer did not parse as the SDK's models (one malformed item spoils a batch)."""


class AccessDenied(CreatorsApiError):
    """403: the account lost API access (AssociateNotEligible after 30 days without sales)."""

    def __init__(self, message: str, *, reason: str, request_id: str = "") -> None:
        super().__init__(message, request_id=request_id)
        self.reason = reason


class BadRequest(CreatorsApiError):
    """400: the request or the configuration is wrong (partner tag, marketplace); no retry."""

    def __init__(self, message: str, *, reason: str, request_id: str = "") -> None:
        super().__init__(message, request_id=request_id)
        self.reason = reason


class AuthFailed(CreatorsApiError):
    """The token endpoint refused the credentials, or the API answered 401 even with a fresh
    token: the credential id, secret or version is wrong, or Amazon stopped accepting it."""

    def __init__(self, message: str, *, reason: str, request_id: str = "") -> None:
        super().__init__(message, request_id=request_id)
        self.reason = reason


def failure_for(error: AmazonCreatorsApiError) -> CreatorsApiError:
    """The project's exception for a library error, with what the HTTP answer said."""
    answer = _ApiAnswer.of(error)
    message, request_id = str(error), answer.request_id
    if isinstance(error, TooManyRequestsError):
        retry_after = answer.retry_after or DEFAULT_RETRY_AFTER
        return Throttled(message, retry_after=retry_after, request_id=request_id)
    if isinstance(error, AccessDeniedError):
        return AccessDenied(message, reason=answer.reason or "AccessDenied", request_id=request_id)
    if isinstance(error, AuthenticationError):
        if _token_endpoint_unreachable(error):
            return Transient(message, request_id=request_id)
        reason = answer.reason or _token_error(message) or "AuthenticationFailed"
        return AuthFailed(message, reason=reason, request_id=request_id)
    if isinstance(error, AssociateValidationError | InvalidArgumentError):
        return BadRequest(message, reason=answer.reason or "InvalidRequest", request_id=request_id)
    if answer.status is not None and 400 <= answer.status < 500 and answer.status != 408:
        return BadRequest(
            message, reason=answer.reason or str(answer.status), request_id=request_id
        )
    return Transient(message, request_id=request_id)


@dataclass(frozen=True)
class _ApiAnswer:
    """What the HTTP answer behind a library error said, when there was one."""

    status: int | None = None
    reason: str = ""
    request_id: str = ""
    retry_after: float | None = None

    @classmethod
    def of(cls, error: BaseException) -> _ApiAnswer:
        cause = error.__cause__
        if not isinstance(cause, ApiException):
            return cls()
        headers: Mapping[str, str] = cause.headers or {}
        return cls(
            status=cause.status,
            reason=_body_reason(cause.body),
            request_id=next(
                (
                    str(value)
                    for name, value in headers.items()
                    if name.lower() in REQUEST_ID_HEADERS
                ),
                "",
            ),
            retry_after=get_retry_after(headers),
        )


def _body_reason(body: Any) -> str:
    """The `reason` of an error body (AssociateNotEligible, InvalidPartnerTag, TokenExpired...)."""
    try:
        data = json.loads(body) if isinstance(body, str | bytes) else None
    except ValueError:
        return ""
    reason = data.get("reason") if isinstance(data, dict) else None
    return reason if isinstance(reason, str) else ""


def _token_error(message: str) -> str:
    """The OAuth2 error code (invalid_client...) the library quotes from a token answer."""
    found = re.search(r'"error"\s*:\s*"(\w+)"', message)
    return found.group(1) if found else ""


def _token_endpoint_unreachable(error: AuthenticationError) -> bool:
    """A token request that timed out or met a 5xx is an outage, not a wrong credential."""
    if isinstance(error.__cause__, requests.RequestException):
        return True
    return re.search(r"failed with status 5\d\d", str(error)) is not None

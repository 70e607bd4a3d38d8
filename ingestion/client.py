"""The Creators API as ingestion uses it: quota first, camelCase dicts out, few exception types."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import requests
from amazon_creatorsapi import AmazonCreatorsApi
from amazon_creatorsapi.core.retry import get_retry_after
from amazon_creatorsapi.errors import (
    AccessDeniedError,
    AmazonCreatorsApiError,
    AssociateValidationError,
    AuthenticationError,
    InvalidArgumentError,
    ItemsNotFoundError,
    TooManyRequestsError,
)
from creatorsapi_python_sdk.exceptions import ApiException
from django.conf import settings
from pydantic import BaseModel, ValidationError

from ingestion.mapping import error_asin
from ingestion.quota import DailyBudgetExhausted, Quota, request_quota
from products.marketplaces import MARKETPLACES

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Amazon accepts 1 to 10 ItemIds per GetItems call, and a call counts once against the quota.
MAX_ITEMS_PER_REQUEST = 10

# Retry-After is usually 1 s on a 429; used when the header is missing.
DEFAULT_RETRY_AFTER = 1.0

REQUIRED_SETTINGS = (
    "CREATORS_API_CREDENTIAL_ID",
    "CREATORS_API_CREDENTIAL_SECRET",
    "CREATORS_API_VERSION",
    "AMAZON_PARTNER_TAG",
)
# Empty means the library's default: Amazon's host, and the token endpoint of the version.
OPTIONAL_SETTINGS = ("CREATORS_API_HOST", "CREATORS_API_AUTH_ENDPOINT")

REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id")


class CreatorsApiError(Exception):
    """A Creators API call failed; `request_id` is Amazon's id for it when the answer had one."""

    def __init__(self, message: str, *, request_id: str = "") -> None:
        super().__init__(message)
        self.request_id = request_id


class MissingCredentials(CreatorsApiError):
    """Settings lack what every call needs: no call is attempted."""


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


@dataclass(frozen=True)
class ApiSettings:
    """What a client needs from settings; hashable, so clients are cached per value."""

    credential_id: str
    credential_secret: str
    version: str
    partner_tag: str
    host: str = ""
    auth_endpoint: str = ""
    timeout: float = 10.0

    @classmethod
    def from_django(cls) -> ApiSettings:
        """Read the Creators API settings, naming every required one that is missing."""
        value = {name: _setting(name) for name in (*REQUIRED_SETTINGS, *OPTIONAL_SETTINGS)}
        missing = [name for name in REQUIRED_SETTINGS if not value[name]]
        if missing:
            raise MissingCredentials(
                f"Creators API settings missing: {', '.join(missing)} (set them in the environment)"
            )
        return cls(
            credential_id=value["CREATORS_API_CREDENTIAL_ID"],
            credential_secret=value["CREATORS_API_CREDENTIAL_SECRET"],
            version=value["CREATORS_API_VERSION"],
            partner_tag=value["AMAZON_PARTNER_TAG"],
            host=value["CREATORS_API_HOST"],
            auth_endpoint=value["CREATORS_API_AUTH_ENDPOINT"],
            timeout=float(getattr(settings, "CREATORS_API_TIMEOUT", cls.timeout)),
        )


def _setting(name: str) -> str:
    """A setting as stripped text; absent reads as empty, which from_django reports by name."""
    return str(getattr(settings, name, "") or "").strip()


class ItemError(NamedTuple):
    """A requested item the answer did not carry, with Amazon's code and message."""

    asin: str
    code: str
    message: str


@dataclass
class GetItemsOutcome:
    items: list[dict[str, Any]] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)


@dataclass
class SearchOutcome:
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


@dataclass
class VariationsOutcome:
    items: list[dict[str, Any]] = field(default_factory=list)
    page_count: int = 0
    variation_count: int = 0


@dataclass
class BrowseNodesOutcome:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


class _ClientCache:
    """One library client per (settings, store) per process; its connection pool is reused."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[tuple[ApiSettings, str], AmazonCreatorsApi] = {}

    def get(self, *, api_settings: ApiSettings, store: str) -> AmazonCreatorsApi:
        with self._lock:
            client = self._clients.get((api_settings, store))
            if client is None:
                client = self._clients[(api_settings, store)] = _build_client(
                    api_settings=api_settings, store=store
                )
            return client

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def forget(self) -> None:
        """After fork: the parent's sockets and lock are not this process's to use."""
        self._lock = threading.Lock()
        self._clients = {}


_clients = _ClientCache()
os.register_at_fork(after_in_child=_clients.forget)


def creators_client(*, marketplace: str, api_settings: ApiSettings) -> AmazonCreatorsApi:
    """The process's client for a marketplace code (US, UK, ...), built on first use."""
    return _clients.get(api_settings=api_settings, store=_store(marketplace))


def close_clients() -> None:
    """Release every cached client's connections (worker shutdown)."""
    _clients.close()


def _build_client(*, api_settings: ApiSettings, store: str) -> AmazonCreatorsApi:
    optional: dict[str, Any] = {}
    if api_settings.host:
        optional["host"] = api_settings.host
    if api_settings.auth_endpoint:
        optional["auth_endpoint"] = api_settings.auth_endpoint
    # The shared Redis quota paces every process, so the library's own per-client pause
    # (1 s by default) is off, and its retries are too: a retry sleeping inside the library
    # would hold a worker and skip the quota; callers retry Throttled/Transient instead.
    return AmazonCreatorsApi(
        credential_id=api_settings.credential_id,
        credential_secret=api_settings.credential_secret,
        version=api_settings.version,
        tag=api_settings.partner_tag,
        marketplace=store,
        throttling=0,
        retries=0,
        # The same bound for connecting and for each read: a hung API becomes Transient.
        timeout=(api_settings.timeout, api_settings.timeout),
        **optional,
    )


def _store(marketplace: str) -> str:
    """The `x-marketplace` value for a marketplace code."""
    try:
        return MARKETPLACES[marketplace].domain
    except KeyError:
        raise ValueError(f"unknown marketplace code {marketplace!r}") from None


class CreatorsGateway:
    """Every Creators API call of the project: one quota token per HTTP request."""

    def __init__(
        self, *, quota: Quota, api_settings: ApiSettings, acquire_timeout: float = 30.0
    ) -> None:
        self.quota = quota
        self.api_settings = api_settings
        self.acquire_timeout = acquire_timeout
        # Requests this gateway sent (each took a quota token), for a run's request count.
        self.requests_sent = 0
        self._count_lock = threading.Lock()

    def get_items(self, *, marketplace: str, asins: Sequence[str]) -> GetItemsOutcome:
        """Items for up to any number of ASINs, 10 per request; missing ones come back as errors."""
        outcome = GetItemsOutcome()
        wanted = list(dict.fromkeys(asin.strip().upper() for asin in asins if asin.strip()))
        for start in range(0, len(wanted), MAX_ITEMS_PER_REQUEST):
            chunk = wanted[start : start + MAX_ITEMS_PER_REQUEST]
            items, errors = self._get_items_chunk(marketplace=marketplace, asins=chunk)
            outcome.items.extend(items)
            outcome.errors.extend(errors)
        return outcome

    def search_items(
        self,
        *,
        marketplace: str,
        keywords: str | None = None,
        browse_node_id: str | None = None,
        search_index: str | None = None,
        page: int = 1,
        item_count: int = 10,
    ) -> SearchOutcome:
        """One page (1 to 10) of a search; no results is an empty outcome, not an error."""
        try:
            result = self._call(
                "searchItems",
                marketplace,
                lambda client: client.search_items(
                    keywords=keywords,
                    browse_node_id=browse_node_id,
                    search_index=search_index,
                    item_page=page,
                    item_count=item_count,
                ),
            )
        except _NotFound:
            return SearchOutcome()
        return SearchOutcome(
            items=[as_api_dict(item) for item in result.items or []],
            total=int(result.total_result_count or 0),
        )

    def get_variations(self, *, marketplace: str, asin: str, page: int = 1) -> VariationsOutcome:
        """One page of up to 10 variations of a parent (or of any child's parent)."""
        try:
            result = self._call(
                "getVariations",
                marketplace,
                lambda client: client.get_variations(
                    asin, variation_count=MAX_ITEMS_PER_REQUEST, variation_page=page
                ),
            )
        except _NotFound:
            return VariationsOutcome()
        summary = result.variation_summary
        return VariationsOutcome(
            items=[as_api_dict(item) for item in result.items or []],
            page_count=int(summary.page_count or 0) if summary else 0,
            variation_count=int(summary.variation_count or 0) if summary else 0,
        )

    def get_browse_nodes(self, *, marketplace: str, node_ids: Sequence[str]) -> BrowseNodesOutcome:
        """Up to 10 browse nodes with ancestors and children."""
        try:
            nodes = self._call(
                "getBrowseNodes",
                marketplace,
                lambda client: client.get_browse_nodes(list(node_ids)),
            )
        except _NotFound as not_found:
            return BrowseNodesOutcome(errors=[("BrowseNodesNotFound", str(not_found))])
        return BrowseNodesOutcome(
            nodes=[as_api_dict(node) for node in nodes],
            errors=[(error.code, error.message) for error in nodes.errors],
        )

    def _get_items_chunk(
        self, *, marketplace: str, asins: list[str]
    ) -> tuple[list[dict[str, Any]], list[ItemError]]:
        try:
            found = self._call("getItems", marketplace, lambda client: client.get_items(asins))
        except _NotFound as not_found:
            return [], _missing_items(asins, returned=set(), errors=_folded_errors(str(not_found)))
        items = [as_api_dict(item) for item in found]
        returned = {str(item.get("asin", "")).upper() for item in items}
        errors = [(error.code, error.message) for error in found.errors]
        return items, _missing_items(asins, returned=returned, errors=errors)

    def _call(self, operation: str, marketplace: str, call: Callable[[AmazonCreatorsApi], T]) -> T:
        """Take a quota token, make the call, and turn library failures into our exceptions."""
        self._take_token(operation)
        try:
            return call(creators_client(marketplace=marketplace, api_settings=self.api_settings))
        except ItemsNotFoundError as error:
            raise _NotFound(str(error)) from error
        except AmazonCreatorsApiError as error:
            failure = _failure_for(error)
            if isinstance(failure, Throttled):
                self.quota.penalise(retry_after=failure.retry_after)
            raise _logged(operation, marketplace, failure) from error
        except (ValidationError, json.JSONDecodeError) as error:
            failure = BadResponse(f"unparseable {operation} answer: {str(error)[:300]}")
            raise _logged(operation, marketplace, failure) from error

    def _take_token(self, operation: str) -> None:
        try:
            granted = self.quota.acquire(timeout=self.acquire_timeout)
        except DailyBudgetExhausted as exhausted:
            raise QuotaExhausted(str(exhausted), resets_in=exhausted.resets_in) from exhausted
        if not granted:
            raise Throttled(
                f"no quota token for {operation} within {self.acquire_timeout:.0f} s",
                retry_after=self.acquire_timeout,
            )
        with self._count_lock:
            self.requests_sent += 1


def _failure_for(error: AmazonCreatorsApiError) -> CreatorsApiError:
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


def _missing_items(
    asins: list[str], *, returned: set[str], errors: list[tuple[str, str]]
) -> list[ItemError]:
    """An ItemError for every requested ASIN not returned, matched to errors by the ASIN named."""
    named = {error_asin(message, requested=asins): (code, message) for code, message in errors}
    fallback = ("ItemNotReturned", "Amazon's answer did not include this item.")
    return [ItemError(asin, *named.get(asin, fallback)) for asin in asins if asin not in returned]


def _folded_errors(text: str) -> list[tuple[str, str]]:
    """The per-item errors the library folds into ItemsNotFoundError's text: "(Code: msg; ...)"."""
    folded = text.partition(" (")[2].rpartition(")")[0]
    return re.findall(r"(\w+): ([^;]+)", folded)


def _logged(operation: str, marketplace: str, failure: CreatorsApiError) -> CreatorsApiError:
    message = str(failure)
    # The library already names the request id in most messages; say it once.
    if failure.request_id not in message or not failure.request_id:
        message = f"{message} [request id: {failure.request_id or 'none'}]"
    logger.warning(
        "Creators API %s (%s) failed: %s: %s",
        operation,
        marketplace,
        type(failure).__name__,
        message,
    )
    return failure


class _NotFound(Exception):
    """The library found nothing (404, or 200 with only errors); each operation decides."""


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


def as_api_dict(model: BaseModel) -> dict[str, Any]:
    """An SDK model as the camelCase JSON the API sent (the form mapping.py reads)."""
    data: dict[str, Any] = model.model_dump(by_alias=True, exclude_none=True, mode="json")
    return data


def creators_gateway() -> CreatorsGateway:
    """A gateway for the current settings; raises MissingCredentials when they are unset."""
    return CreatorsGateway(quota=request_quota(), api_settings=ApiSettings.from_django())

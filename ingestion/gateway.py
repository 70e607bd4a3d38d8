"""Every Creators API call ingestion makes: a quota token first, camelCase dicts out."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from amazon_creatorsapi import AmazonCreatorsApi
from amazon_creatorsapi.errors import AmazonCreatorsApiError, ItemsNotFoundError
from pydantic import BaseModel, ValidationError

from ingestion.access import access_confirmed, access_denied, access_may_call, api_access
from ingestion.api_client import ApiSettings, creators_client
from ingestion.api_errors import (
    AccessDenied,
    AccessPaused,
    AuthFailed,
    BadResponse,
    CreatorsApiError,
    QuotaExhausted,
    Throttled,
    failure_for,
)
from ingestion.mapping import error_asin
from ingestion.quota import DailyBudgetExhausted, Quota, request_quota

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Amazon accepts 1 to 10 ItemIds per GetItems call, and a call counts once against the quota.
MAX_ITEMS_PER_REQUEST = 10


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


class CreatorsGateway:
    """Every Creators API call of the project: one token of the credential's quota per HTTP
    request, the store's own partner tag on each."""

    def __init__(
        self,
        *,
        settings_for: Callable[[str], ApiSettings],
        quota_for: Callable[[str], Quota],
        acquire_timeout: float = 30.0,
    ) -> None:
        # A store's tag and credential (by marketplace code), and a credential's shared
        # quota (by region): Amazon counts requests per credential.
        self.settings_for = settings_for
        self.quota_for = quota_for
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
        """Take a token of the store's credential's quota, make the call with the store's tag
        and credential, and turn library failures into our exceptions."""
        store = self.settings_for(marketplace)
        if not access_may_call(store.region):
            access = api_access(store.region)
            raise AccessPaused(
                f"the {store.region} credential ({marketplace}) lost access ({access.reason}) "
                f"on {access.since:%Y-%m-%d %H:%M} UTC; no request was sent"
            ).for_store(marketplace=marketplace, region=store.region)
        self._take_token(operation, store)
        try:
            result = call(creators_client(store))
        except ItemsNotFoundError as error:
            access_confirmed(region=store.region, marketplace=marketplace)
            raise _NotFound(str(error)) from error
        except AmazonCreatorsApiError as error:
            failure = failure_for(error).for_store(marketplace=marketplace, region=store.region)
            if isinstance(failure, Throttled):
                self.quota_for(store.region).penalise(retry_after=failure.retry_after)
            if isinstance(failure, AccessDenied | AuthFailed):
                # Retrying cannot fix either: the region's requests stop until the probe
                # finds access back (or staff, having fixed the credential, ask for a try).
                access_denied(region=store.region, reason=failure.reason, message=str(failure))
            raise _logged(operation, store, failure) from error
        except (ValidationError, json.JSONDecodeError) as error:
            failure = BadResponse(f"unparseable {operation} answer: {str(error)[:300]}")
            raise _logged(operation, store, failure) from error
        access_confirmed(region=store.region, marketplace=marketplace)
        return result

    def _take_token(self, operation: str, store: ApiSettings) -> None:
        try:
            granted = self.quota_for(store.region).acquire(timeout=self.acquire_timeout)
        except DailyBudgetExhausted as exhausted:
            raise QuotaExhausted(
                f"{store.region} credential: {exhausted}", resets_in=exhausted.resets_in
            ).for_store(marketplace=store.marketplace, region=store.region) from exhausted
        if not granted:
            raise Throttled(
                f"no {store.region} quota token for {operation} within "
                f"{self.acquire_timeout:.0f} s",
                retry_after=self.acquire_timeout,
            )
        with self._count_lock:
            self.requests_sent += 1


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


def _logged(operation: str, store: ApiSettings, failure: CreatorsApiError) -> CreatorsApiError:
    message = str(failure)
    # The library already names the request id in most messages; say it once.
    if failure.request_id not in message or not failure.request_id:
        message = f"{message} [request id: {failure.request_id or 'none'}]"
    logger.warning(
        "Creators API %s (%s, %s credential) failed: %s: %s",
        operation,
        store.marketplace,
        store.region,
        type(failure).__name__,
        message,
    )
    return failure


class _NotFound(Exception):
    """The library found nothing (404, or 200 with only errors); each operation decides."""


def as_api_dict(model: BaseModel) -> dict[str, Any]:
    """An SDK model as the camelCase JSON the API sent (the form mapping.py reads)."""
    data: dict[str, Any] = model.model_dump(by_alias=True, exclude_none=True, mode="json")
    return data


def creators_gateway() -> CreatorsGateway:
    """A gateway for the current settings; a call for a store whose tag or credential is
    unset raises MissingCredentials."""
    return CreatorsGateway(settings_for=ApiSettings.from_django, quota_for=request_quota)

"""A catalog API request from the wire to its answer: auth, store, access, quota, faults."""

from __future__ import annotations

import json
import logging
import time
from email.message import Message

from ingestion.sandbox.operations import OPERATIONS, Call
from ingestion.sandbox.responses import (
    ApiError,
    Response,
    access_denied,
    internal_error,
    throttled,
    unauthorized,
    validation_error,
)
from ingestion.sandbox.state import SandboxState
from products.marketplaces import MARKETPLACES, marketplace_for_host

logger = logging.getLogger(__name__)

API_PREFIX = "/catalog/v1/"


def handle_api(state: SandboxState, path: str, headers: Message, body: bytes) -> Response:
    """Answer POST /catalog/v1/<operation>, counting it in the stats."""
    operation = path.removeprefix(API_PREFIX)
    config = state.config
    if config.latency_ms:
        time.sleep(config.latency_ms / 1000)
    try:
        answer = _answer(state, operation, headers, body)
        response = Response.json(200, answer)
        state.stats.count("items_returned", _item_count(answer))
    except ApiError as error:
        response = error.response()
        logger.info("sandbox %s -> %s %s", operation, error.status, error.data.get("message"))
    state.stats.record(operation if operation in OPERATIONS else "unknown", response.status)
    return response


def _answer(
    state: SandboxState, operation: str, headers: Message, body: bytes
) -> dict[str, object]:
    config = state.config
    caller = state.tokens.credential_for(headers.get("Authorization"))
    marketplace = _marketplace(headers.get("x-marketplace"), config.marketplaces)
    if operation not in OPERATIONS:
        raise validation_error(f"Unknown operation {operation}", reason="UnknownOperation")
    store_region = config.store_region(marketplace)
    if caller.region and caller.region != store_region:
        # Amazon issues credentials per region: one of another region is not a client of
        # this store's API.
        raise unauthorized(
            "InvalidClient",
            f"The {caller.region} credential is not authorized for "
            f"{MARKETPLACES[marketplace].host}, a {store_region} store",
        )
    if config.credentials_refused:
        raise unauthorized(
            "InvalidClient", "The client credentials are not authorized for the Creators API"
        )
    if config.access_denied:
        raise access_denied(
            "AssociateNotEligible",
            "The associate account is not eligible for the Creators API: it needs qualifying "
            "sales in the last 30 days.",
        )
    refusal = state.quota.admit(
        caller.credential_id,
        now=time.time(),
        tps=config.tps,
        tpd=config.tpd,
        burst=config.burst_size,
    )
    if refusal is not None:
        raise throttled(
            "The request was denied due to request throttling.",
            retry_after=refusal.retry_after,
            quota_code=refusal.quota_code,
        )
    if state.dice.roll(config.error_rate):
        state.stats.count("injected_errors")
        raise internal_error("An internal error occurred (injected by the sandbox).")
    try:
        request = json.loads(body or b"{}")
    except ValueError as error:
        raise validation_error(f"The body is not JSON: {error}", reason="CannotParse") from None
    if not isinstance(request, dict):
        raise validation_error("The body must be a JSON object", reason="CannotParse")
    image_base = config.public_url.rstrip("/") or f"http://{headers.get('Host', '127.0.0.1')}"
    call = Call(config, state.catalogue, marketplace, image_base, time.time())
    return OPERATIONS[operation](call, request)


def _marketplace(header: str | None, enabled: tuple[str, ...]) -> str:
    """The store code the `x-marketplace` header names, if the sandbox serves it."""
    store = marketplace_for_host(header or "")
    if store is None or store.code not in enabled:
        hosts = ", ".join(MARKETPLACES[code].host for code in enabled)
        raise validation_error(f"x-marketplace must be one of: {hosts}", field_name="x-marketplace")
    return store.code


def _item_count(answer: dict[str, object]) -> int:
    for key in ("itemsResult", "searchResult", "variationsResult"):
        result = answer.get(key)
        if isinstance(result, dict):
            return len(result.get("items", []))
    return 0

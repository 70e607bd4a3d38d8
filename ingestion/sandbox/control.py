"""The sandbox's own endpoints: its index, images, settings, counters and token expiry."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs

from config.security.text_rules import is_ascii_number
from ingestion.sandbox.auth import Flow
from ingestion.sandbox.catalogue import ASIN_PATTERN, HOME_MARKETPLACE
from ingestion.sandbox.images import product_svg
from ingestion.sandbox.responses import Response
from ingestion.sandbox.state import SandboxState

_IMAGE_PATH = re.compile(r"^/images/([A-Z0-9]{10})\.svg$")
_SAMPLE_SIZE = 5


def handle_control(
    state: SandboxState, method: str, path: str, query: str, body: bytes, base_url: str
) -> Response:
    """Answer a request outside the catalog API; 404 for paths the sandbox does not serve."""
    image = _IMAGE_PATH.match(path)
    if method == "GET" and image and ASIN_PATTERN.match(image.group(1)):
        return _image(image.group(1), query)
    if method == "GET" and path == "/":
        return Response.json(200, _index(state, base_url))
    if method == "GET" and path == "/sandbox/config":
        return Response.json(200, state.config.as_dict())
    if method == "POST" and path == "/sandbox/config":
        return _configure(state, body)
    if method == "GET" and path == "/sandbox/asins":
        return _asins(state, query)
    if method == "GET" and path == "/sandbox/stats":
        return Response.json(200, state.stats.snapshot())
    if method == "POST" and path == "/sandbox/reset":
        state.reset()
        return Response.json(200, state.stats.snapshot())
    if method == "POST" and path == "/sandbox/expire-tokens":
        state.tokens.expire_all()
        return Response.json(200, {"expired": True})
    return Response.json(404, {"message": f"No such sandbox endpoint: {method} {path}"})


def _image(asin: str, query: str) -> Response:
    params = parse_qs(query)
    variant = _int_param(params, "v", 0)
    width = _int_param(params, "w", 500)
    svg = product_svg(asin, variant=variant, width=width)
    return Response(200, svg, "image/svg+xml", {"Cache-Control": "public, max-age=86400"})


# One listing answers at most this many ASINs; callers page with start / stop.
_MAX_LISTED = 10_000


def _asins(state: SandboxState, query: str) -> Response:
    """ASINs a marketplace carries, so benchmarks and demos can name real catalogue items."""
    params = parse_qs(query)
    marketplace = params.get("marketplace", [HOME_MARKETPLACE])[0].upper()
    if marketplace not in state.config.marketplaces:
        return Response.json(400, {"message": f"The sandbox does not serve {marketplace!r}"})
    start = _int_param(params, "start", 0)
    stop = min(_int_param(params, "stop", start + 100), start + _MAX_LISTED)
    return Response.json(
        200,
        {
            "marketplace": marketplace,
            "asins": list(state.catalogue.asins(marketplace, start=start, stop=stop)),
        },
    )


def _int_param(params: dict[str, list[str]], name: str, default: int) -> int:
    values = params.get(name, [])
    return int(values[0]) if values and is_ascii_number(values[0]) else default


def _configure(state: SandboxState, body: bytes) -> Response:
    try:
        changes = json.loads(body or b"{}")
        if not isinstance(changes, dict):
            raise ValueError("the body must be a JSON object of settings")
        config = state.configure(changes)
    except ValueError as error:
        return Response.json(400, {"message": str(error)})
    return Response.json(200, config.as_dict())


def _index(state: SandboxState, base_url: str) -> dict[str, Any]:
    """What a person (or a health check) sees at the root: how to point a client here."""
    catalogue = state.catalogue
    sample = [
        asin
        for asin, _ in zip(catalogue.asins(HOME_MARKETPLACE), range(_SAMPLE_SIZE), strict=False)
    ]
    return {
        "service": "Creators API sandbox: synthetic products, not Amazon's",
        "host": base_url,
        "auth_endpoints": {
            "2.x": base_url + Flow.COGNITO.path,
            "3.x": base_url + Flow.LWA.path,
        },
        "operations": ["getItems", "searchItems", "getVariations", "getBrowseNodes"],
        "catalogue_size": catalogue.size,
        "marketplaces": list(state.config.marketplaces),
        "sample_asins": sample,
        "control": [
            "GET|POST /sandbox/config",
            "GET /sandbox/stats",
            "POST /sandbox/reset",
            "POST /sandbox/expire-tokens",
        ],
    }

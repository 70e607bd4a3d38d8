"""The OpenAPI schema: valid with no warnings, served, documented, and complete."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from config.api.schema import NO_NUL

pytestmark = pytest.mark.django_db

PRODUCT_FILTERS = {
    "asin",
    "marketplace",
    "category",
    "brand",
    "min_price",
    "max_price",
    "availability",
    "featured",
    "search",
    "cursor",
    "page_size",
    "ordering",
}


@pytest.fixture
def schema(api: APIClient) -> dict[str, Any]:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_the_schema_validates_with_no_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"

    # --fail-on-warn turns any warning (an unresolved type, a clashing enum) into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO()
    )

    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def test_every_product_filter_is_documented(schema: dict[str, Any]) -> None:
    parameters = schema["paths"]["/api/v1/products/"]["get"]["parameters"]

    assert {p["name"] for p in parameters} == PRODUCT_FILTERS


def test_every_operation_documents_its_errors(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            # Any request may hold refused text (400), a bad token (401), an over-long query
            # string (414) or go over the rate limit (429).
            assert {"400", "401", "414", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code in codes - {"200", "201", "202", "204", "304", "414"}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
            too_long = operation["responses"]["414"]["content"]
            assert set(too_long) == {"text/plain", "text/html"}


def operation(schema: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    found: dict[str, Any] = schema["paths"][path][method]
    return found


def parameter(schema: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    [found] = [p for p in operation(schema, path)["parameters"] if p["name"] == name]
    return found


PRICES = "/api/v1/products/{marketplace}/{asin}/prices/"


@pytest.mark.parametrize("public", [True, False])
def test_the_price_history_is_documented_as_public_unless_turned_off(
    api: APIClient, settings: Settings, public: bool
) -> None:
    settings.PRICE_HISTORY_PUBLIC = public
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    security = operation(response.json(), PRICES)["security"]

    assert ({} in security) is public
    assert {"tokenAuth": []} in security


def test_the_limits_are_stated(schema: dict[str, Any]) -> None:
    depth = parameter(schema, "/api/v1/categories/", "depth")["schema"]
    watchlist = parameter(schema, "/api/v1/runs/", "watchlist")["schema"]
    cursor = parameter(schema, "/api/v1/products/", "cursor")["schema"]

    assert depth == {"type": "integer", "minimum": 0, "maximum": 100}
    assert watchlist == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert cursor == {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"}
    # Every filter's own bounds, read from its arguments
    brand = parameter(schema, "/api/v1/products/", "brand")["schema"]
    min_price = parameter(schema, "/api/v1/products/", "min_price")["schema"]
    assert brand == {"type": "string", "maxLength": 255, "pattern": NO_NUL}
    assert min_price == {"type": "number", "minimum": 0, "maximum": 9999999999.99}


def test_a_list_documents_the_404_of_a_cursor_it_did_not_issue(schema: dict[str, Any]) -> None:
    for path in ("/api/v1/products/", "/api/v1/categories/", "/api/v1/watchlists/"):
        assert "404" in schema["paths"][path]["get"]["responses"]
    assert "404" not in schema["paths"]["/api/v1/"]["get"]["responses"]


def test_only_a_partial_update_of_a_watchlist_documents_a_conflict(
    schema: dict[str, Any],
) -> None:
    operations = schema["paths"]["/api/v1/watchlists/{id}/"]

    assert "409" in operations["patch"]["responses"]
    assert "409" not in operations["put"]["responses"]


def test_bodies_name_only_the_stores_carried(schema: dict[str, Any], settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["UK", "DE"]
    carried = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    components = carried["components"]["schemas"]
    entry = components["ImportRequest"]["properties"]["entries"]["items"]["pattern"]

    assert components["CarriedMarketplaceEnum"]["enum"] == ["UK", "DE"]
    assert re.fullmatch(entry, " https://www.amazon.de/dp/B0AAAAAAAA?tag=x ")
    assert re.fullmatch(entry, "B0AAAAAAAA")
    assert not re.fullmatch(entry, "https://www.amazon.com/dp/B0AAAAAAAA")


def test_text_in_a_body_states_that_it_holds_something_besides_spaces(
    schema: dict[str, Any],
) -> None:
    name = schema["components"]["schemas"]["WatchlistRequest"]["properties"]["name"]

    assert not re.fullmatch(name["pattern"], " \t\u3000")
    assert not re.fullmatch(name["pattern"], "a\x00")
    assert re.fullmatch(name["pattern"], " Lamps ")


def test_a_watchlist_body_states_what_it_searches_by(schema: dict[str, Any]) -> None:
    body = schema["components"]["schemas"]["WatchlistRequest"]

    assert [rule["required"] for rule in body["anyOf"]] == [
        ["keywords"],
        ["browse_node_id"],
        ["search_index"],
    ]
    assert body["properties"]["browse_node_id"]["pattern"] == "^[0-9]*$"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/categories/", {"depth": "100"}, 200),
        ("/api/v1/categories/", {"depth": "101"}, 400),
        ("/api/v1/runs/", {"watchlist": "0"}, 400),
        ("/api/v1/runs/", {"watchlist": "1"}, 200),
        ("/api/v1/products/", {"cursor": "not a cursor!"}, 400),
        ("/api/v1/products/", {"page_size": ""}, 400),
        ("/api/v1/products/", {"brand": "x" * 256}, 400),
        ("/api/v1/products/", {"min_price": "9999999999.99"}, 200),
        ("/api/v1/products/", {"min_price": "10000000000"}, 400),
    ],
)
def test_the_stated_limits_are_the_ones_kept(
    staff_api: APIClient, path: str, params: dict[str, str], status: int
) -> None:
    assert staff_api.get(path, params).status_code == status


def test_the_docs_are_served(api: APIClient) -> None:
    swagger = api.get("/api/docs/")
    redoc = api.get("/api/docs/redoc/")

    script = api.get("/api/docs/?script")

    assert swagger.status_code == redoc.status_code == script.status_code == 200
    # Swagger UI's start-up script is a file of its own, not inline (the CSP forbids that).
    assert b"/api/schema/" in script.content
    assert b"<script>" not in swagger.content
    assert b"<script>" not in redoc.content
    assert b"/api/schema/" in redoc.content
    # The pages' scripts come from this site, not a CDN.
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in swagger.content
    assert b"/static/drf_spectacular_sidecar/redoc/" in redoc.content
    assert b"cdn." not in swagger.content + redoc.content


@pytest.mark.parametrize("path", ["/api/docs/", "/api/docs/redoc/", "/api/schema/"])
def test_options_on_the_docs_says_which_methods_they_answer(api: APIClient, path: str) -> None:
    response = api.options(path)

    assert response.status_code == 200
    assert "GET" in response["Allow"]

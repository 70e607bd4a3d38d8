"""Text PostgreSQL or a parser would refuse is refused first: 404 on a page, 400 in the API.

Each request here was a 500 on PostgreSQL before (a DataError from a NUL, a time zone
displacement out of range, a RecursionError from deep JSON).
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from config.api.parsers import MAX_JSON_DEPTH, DepthLimitedJSONParser, json_depth
from config.security.text_rules import is_ascii_number, refused_path, refused_query_field
from devtools.testkit.api_clients import staff_user, token_client
from devtools.testkit.catalogue import fresh, product_at

pytestmark = pytest.mark.django_db

ASIN = "B0BOUNDRY1"

API_PATHS_WITH_NUL = [
    "/api/v1/products/US/%00/",
    "/api/v1/products/%00/B0BOUNDRY1/",
    "/api/v1/products/US/B0BOUNDRY1%00/",
    "/api/v1/products/US/%00/prices/",
    "/api/v1/categories/US/%00/",
    "/api/v1/categories/%00/1/",
]


@pytest.mark.parametrize("path", API_PATHS_WITH_NUL)
def test_a_nul_in_an_api_path_is_a_400_naming_the_path_before_any_query(path: str) -> None:
    fresh(asin=ASIN)

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "path"
    assert response.json()["code"] == "invalid"
    assert len(queries) == 0


@pytest.mark.parametrize(
    "path", ["/us/search/suggest/?q=ab%00cd", "/alerts/unsubscribe/%00/", "/us/search/?q=%00"]
)
def test_a_nul_in_a_page_path_or_query_is_a_404(path: str) -> None:
    assert Client().get(path).status_code == 404


def test_a_nul_in_an_api_parameter_is_a_400_naming_it() -> None:
    response = Client().get("/api/v1/products/?brand=ab%00cd")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "brand"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=5&page_size=7", "page_size"),
        ("marketplace=US&brand=x&marketplace=DE", "marketplace"),
    ],
)
def test_a_repeated_api_parameter_is_a_400_naming_it(query: str, field: str) -> None:
    response = Client().get(f"/api/v1/products/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": field, "message": "Give this parameter once.", "code": "invalid"}
    ]


def test_a_page_may_repeat_a_parameter(db: None) -> None:
    assert Client().get("/us/search/?q=lamp&q=desk").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/products/US/%ED%A0%80/", "/api/v1/products/?search=%ED%A0%80", "/api/v1/?%FF=1"],
)
def test_invalid_utf8_in_an_api_path_or_query_is_a_400(path: str) -> None:
    assert Client().get(path).status_code == 400


def test_the_rules_themselves() -> None:
    assert is_ascii_number("0123")
    assert not is_ascii_number("²")
    assert not is_ascii_number("١٢")
    assert not is_ascii_number("")
    assert not is_ascii_number("12\n")
    assert refused_path("/a/\x00/")
    assert refused_path("/a/%ED%A0%80/")
    assert not refused_path("/p/us/B0ABCDEFGH-caf%C3%A9/")
    assert refused_query_field(b"a=1&q=%00") == "q"
    assert refused_query_field(b"%00=1") == "query string"
    assert refused_query_field(b"q=%C3%A9t%C3%A9&page=2") is None


def test_every_offset_rfc_3339_allows_is_read_in_utc() -> None:
    # PostgreSQL refuses an offset of 16 hours or more; RFC 3339 allows up to 23:59.
    product_at("10.00", asin=ASIN)
    url = f"/api/v1/products/US/{ASIN}/prices/"

    beyond = APIClient().get(url, {"since": "2026-01-01T00:00:00+23:59"})
    edge = APIClient().get(url, {"until": "2026-01-01T00:00:00-15:59"})
    before_year_one = APIClient().get(url, {"since": "0001-01-01T00:00:00+15:00"})
    after_year_9999 = APIClient().get(url, {"since": "9999-12-31T23:59:59-23:59"})

    assert [beyond.status_code, edge.status_code] == [200, 200]
    assert len(before_year_one.json()["results"]) == 1
    assert after_year_9999.json()["results"] == []


def test_deeply_nested_json_is_a_400_naming_the_body() -> None:
    # GIVEN 2 KB of JSON nested 1,000 levels, sent by staff to the endpoint that parses it
    body = "[" * 1000 + "]" * 1000

    response = token_client(staff_user()).post(
        "/api/v1/imports/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert "body nests deeper" in response.json()["message"]


def test_the_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[[\\"]]"}]}') == 3
    parser = DepthLimitedJSONParser()
    nested = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert isinstance(parser.parse(io.BytesIO(nested), "application/json", {}), list)
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(b"[" + nested + b"]"), "application/json", {})

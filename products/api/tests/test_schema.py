"""The OpenAPI schema: valid with no warnings, served, documented, and complete."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

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
            assert {"401", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method != "get" or "cursor" in {p["name"] for p in operation.get("parameters", [])}:
                assert "400" in codes, (method, path)
            for code in codes - {"200", "201", "202", "204", "304"}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}


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

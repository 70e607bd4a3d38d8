"""Every typed parameter of the API (an enum, a boolean, a number, a time in the schema),
sent empty, is a 400 naming it: the schema allows no empty value, and ignoring one hides a
client's mistake. Text parameters may be empty."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def choice_parameters(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, parameter) for each typed query parameter of a GET operation without path
    parameters."""
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        for parameter in operation.get("parameters", []):
            kind = parameter.get("schema", {})
            typed = kind.get("type") != "string" or "enum" in kind or "format" in kind
            if parameter["in"] == "query" and typed:
                found.append((path, parameter["name"]))
    return found


def test_an_empty_typed_value_is_a_400_naming_it(staff_api: APIClient) -> None:
    schema = staff_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = choice_parameters(schema)
    assert {
        ("/api/v1/products/", "marketplace"),
        ("/api/v1/products/", "availability"),
        ("/api/v1/products/", "featured"),
        ("/api/v1/products/", "ordering"),
        ("/api/v1/products/", "min_price"),
        ("/api/v1/products/", "page_size"),
        ("/api/v1/categories/", "depth"),
        ("/api/v1/runs/", "watchlist"),
        ("/api/v1/categories/", "marketplace"),
        ("/api/v1/collections/", "marketplace"),
        ("/api/v1/runs/", "status"),
        ("/api/v1/runs/", "kind"),
        ("/api/v1/watchlists/", "active"),
    } <= set(parameters)

    for path, name in parameters:
        response = staff_api.get(path, {name: ""})

        assert response.status_code == 400, (path, name)
        assert [e["field"] for e in response.json()["errors"]] == [name], (path, name)
        assert staff_api.get(path).status_code == 200, path

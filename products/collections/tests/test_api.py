"""Collections in the API: the list, a collection with its products, errors and the schema."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from devtools.testkit.catalogue import manual, rule
from products.models import Product

pytestmark = pytest.mark.django_db


def test_the_list_has_published_collections_by_title(
    api: APIClient, stock: dict[str, Product]
) -> None:
    rule(rule_brand="Lumen", title="Lamps", slug="lamps")
    rule(rule_brand="Acme", title="Acme things", slug="acme", marketplace="US")
    rule(rule_brand="Acme", title="Draft", slug="draft", published=False)

    body = api.get("/api/v1/collections/").json()

    assert [row["slug"] for row in body["results"]] == ["acme", "lamps"]
    first = body["results"][0]
    assert first["url"] == "http://testserver/api/v1/collections/acme/"
    assert first["page_url"] == "http://testserver/collections/acme/"
    assert first["kind"] == "rule"
    assert first["compare_attributes"] == ["price", "saving", "brand", "availability"]
    assert body["next"] is None
    assert api.get("/api/v1/").json()["collections"] == "http://testserver/api/v1/collections/"


def test_the_list_filters_by_store_and_refuses_bad_parameters(
    api: APIClient, stock: dict[str, Product]
) -> None:
    rule(rule_brand="Acme", slug="us")
    rule(rule_keywords="kettle", slug="uk", marketplace="UK")

    only_uk = api.get("/api/v1/collections/", {"marketplace": "UK"}).json()["results"]
    bad = api.get("/api/v1/collections/", {"marketplace": "XX", "page_size": "0"})

    assert [row["slug"] for row in only_uk] == ["uk"]
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"marketplace"}


def test_a_collection_lists_its_published_products_in_order_with_fresh_prices_only(
    api: APIClient, stock: dict[str, Product], django_assert_max_num_queries: Any
) -> None:
    Product.objects.filter(asin="B0KETTLE03").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )
    Product.objects.filter(asin="B0LAMP0002").update(published=False)
    manual([stock["B0KETTLE03"], stock["B0LAMP0002"], stock["B0KETTLE01"]])

    with django_assert_max_num_queries(4):
        body = api.get("/api/v1/collections/hand-picked/").json()

    assert [p["asin"] for p in body["products"]] == ["B0KETTLE03", "B0KETTLE01"]
    stale, fresh = body["products"]
    assert stale["price"] is None and stale["savings"] is None
    assert fresh["price"]["display"] == "$24.99"
    assert fresh["categories"][0]["node_id"] == "289935"
    assert fresh["url"] == "http://testserver/api/v1/products/US/B0KETTLE01/"


def test_an_unpublished_or_unknown_collection_is_a_404(
    api: APIClient, stock: dict[str, Product]
) -> None:
    manual([stock["B0KETTLE01"]], published=False)

    for path in ("/api/v1/collections/hand-picked/", "/api/v1/collections/nothing/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_an_edit_is_seen_by_the_next_request(api: APIClient, stock: dict[str, Product]) -> None:
    collection = manual([stock["B0KETTLE01"]])
    assert api.get("/api/v1/collections/hand-picked/").json()["title"] == "Hand-picked"

    from products.cache_versions import catalogue_changed

    collection.title = "Renamed"
    collection.save()
    # Without a new version the cached answer stands; the admin gives one on every save.
    assert api.get("/api/v1/collections/hand-picked/").json()["title"] == "Hand-picked"
    catalogue_changed()
    assert api.get("/api/v1/collections/hand-picked/").json()["title"] == "Renamed"


@override_settings(RATE_LIMIT_MAX_REQUESTS=2)
def test_the_endpoints_are_throttled_like_the_rest(
    api: APIClient, stock: dict[str, Product]
) -> None:
    statuses = [api.get("/api/v1/collections/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_schema_documents_the_endpoints_without_warnings(
    api: APIClient, tmp_path: Path
) -> None:
    target = tmp_path / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO()
    )
    paths = yaml.safe_load(target.read_text())["paths"]

    assert {"/api/v1/collections/", "/api/v1/collections/{slug}/"} <= set(paths)
    detail = paths["/api/v1/collections/{slug}/"]["get"]["responses"]
    assert {"200", "401", "404", "429"} <= set(detail)
    listed = {p["name"] for p in paths["/api/v1/collections/"]["get"]["parameters"]}
    assert listed == {"marketplace", "cursor", "page_size", "ordering"}

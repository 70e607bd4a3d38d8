"""The browse-node tree: list, filters, and a node with its children and product count."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from devtools.testkit.catalogue import fresh, node

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> None:
    node("US", "1", "Kitchen")
    node("US", "1/2", "Small appliances")
    node("US", "1/2/3", "Kettles")
    node("US", "1/4", "Cookware")
    node("UK", "9", "Garden")


def node_ids(response: object) -> list[str]:
    return [row["node_id"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_the_tree_lists_each_node_after_its_parent(api: APIClient, tree: None) -> None:
    response = api.get("/api/v1/categories/")

    assert node_ids(response) == ["9", "1", "2", "3", "4"]
    kettles = response.json()["results"][3]
    assert kettles["parent"] == "2"
    assert kettles["path"] == "1/2/3"
    assert kettles["depth"] == 2
    assert kettles["products_url"].endswith("/api/v1/products/?marketplace=US&category=3")


def test_filters_by_store_parent_and_depth(api: APIClient, tree: None) -> None:
    assert node_ids(api.get("/api/v1/categories/", {"marketplace": "US", "depth": "0"})) == ["1"]
    assert node_ids(api.get("/api/v1/categories/", {"parent": "1"})) == ["2", "4"]
    assert api.get("/api/v1/categories/", {"depth": "-1"}).status_code == 400
    assert api.get("/api/v1/categories/", {"marketplace": "XX"}).status_code == 400


def test_a_node_shows_its_children_and_its_products_below_it(
    api: APIClient, staff_api: APIClient, tree: None, django_assert_max_num_queries: object
) -> None:
    from products.models import Category

    fresh(category=Category.objects.get(node_id="3"))
    fresh(category=Category.objects.get(node_id="4"))
    fresh(category=Category.objects.get(node_id="4"), published=False)

    with django_assert_max_num_queries(3):  # type: ignore[operator]
        body = api.get("/api/v1/categories/US/1/").json()

    assert [child["node_id"] for child in body["children"]] == ["4", "2"]
    assert body["product_count"] == 2
    assert staff_api.get("/api/v1/categories/US/1/").json()["product_count"] == 3
    assert api.get("/api/v1/categories/US/2/").json()["product_count"] == 1


def test_an_unknown_node_is_not_found(api: APIClient, tree: None) -> None:
    assert api.get("/api/v1/categories/UK/1/").status_code == 404
    assert api.get("/api/v1/categories/US/nope/").json()["code"] == "not_found"

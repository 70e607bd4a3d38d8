"""Product list and detail: visibility, the fields shown, and the 24-hour rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from devtools.testkit.catalogue import fresh, node, stale
from products.models import Product

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def detail(product: Product) -> str:
    return f"/api/v1/products/{product.marketplace}/{product.asin}/"


def asins(response: object) -> list[str]:
    return [row["asin"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_anonymous_clients_see_only_published_products(api: APIClient) -> None:
    shown = fresh()
    fresh(published=False)

    assert asins(api.get(LIST)) == [shown.asin]


def test_staff_also_see_unpublished_products(staff_api: APIClient) -> None:
    hidden = fresh(published=False)

    assert hidden.asin in asins(staff_api.get(LIST))
    assert staff_api.get(detail(hidden)).status_code == 200


def test_an_unpublished_product_is_not_found_by_anyone_else(
    api: APIClient, member_api: APIClient
) -> None:
    hidden = fresh(published=False)

    for client in (api, member_api):
        response = client.get(detail(hidden))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_a_record_shows_its_fresh_price_with_its_time(api: APIClient) -> None:
    kettles = node("US", "1", "Kettles")
    product = fresh(
        title="Kettle",
        title_override="The better kettle",
        features=["Boils fast", 7],
        images={"primary": {"large": {"url": "https://m.media-amazon.com/x.jpg", "width": 500}}},
        savings_amount=Decimal("5.00"),
        savings_basis_amount=Decimal("15.00"),
        savings_percent=33,
        availability_message="In stock soon",
        parent_asin="B0PARENT00",
    )
    product.categories.add(kettles)

    body = api.get(detail(product)).json()

    assert body["title"] == "The better kettle"
    assert body["features"] == ["Boils fast"]
    assert body["images"]["primary"]["large"] == {
        "url": "https://m.media-amazon.com/x.jpg",
        "width": 500,
        "height": None,
    }
    assert body["price"]["amount"] == "10.00"
    assert body["price"]["display"] == "$10.00"
    assert product.price_as_of is not None
    assert body["price"]["as_of"] == product.price_as_of.isoformat().replace("+00:00", "Z")
    assert body["savings"] == {"amount": "5.00", "basis_amount": "15.00", "percent": 33}
    assert body["availability"] == {"type": "in_stock", "message": "In stock soon"}
    assert body["categories"][0]["node_id"] == "1"
    assert body["parent_asin"] == "B0PARENT00"
    assert body["detail_page_url"] == product.detail_page_url
    assert body["url"] == f"http://testserver{detail(product)}"
    assert body["price_history_url"] == f"http://testserver{detail(product)}prices/"


def test_a_price_older_than_24_hours_is_never_shown(api: APIClient) -> None:
    product = stale(savings_percent=20)

    listed = api.get(LIST).json()["results"][0]
    record = api.get(detail(product)).json()

    for body in (listed, record):
        assert body["price"] is None
        assert body["savings"] is None
        assert body["availability"] is None


def test_a_rating_is_shown_only_when_amazon_returned_one_and_it_is_fresh(
    api: APIClient,
) -> None:
    rated = fresh(rating_value=Decimal("4.5"), rating_count=1234)
    unrated = fresh()
    stale_rating = stale(rating_value=Decimal("3.9"), rating_count=12)

    def rating(product: Product) -> Any:
        return api.get(detail(product)).json()["rating"]

    assert rating(rated) == {"stars": "4.5", "count": 1234}
    assert rating(unrated) is None
    assert rating(stale_rating) is None
    listed = {row["asin"]: row["rating"] for row in api.get(LIST).json()["results"]}
    assert listed == {
        rated.asin: {"stars": "4.5", "count": 1234},
        unrated.asin: None,
        stale_rating.asin: None,
    }


def test_a_product_is_found_by_store_and_asin_in_any_case(api: APIClient) -> None:
    product = fresh(asin="B0CASE0001")
    fresh(asin="B0CASE0001", marketplace="UK")

    body = api.get(f"/api/v1/products/US/{product.asin.lower()}/").json()

    assert (body["marketplace"], body["asin"]) == ("US", "B0CASE0001")
    assert api.get("/api/v1/products/DE/B0CASE0001/").status_code == 404


def test_the_list_reads_two_queries_and_never_counts(
    api: APIClient, django_assert_max_num_queries: Any
) -> None:
    for index in range(5):
        fresh().categories.add(node("US", str(index)))

    with django_assert_max_num_queries(2) as queries:
        response = api.get(LIST, {"page_size": 3})

    assert len(response.json()["results"]) == 3
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_the_detail_reads_at_most_two_queries(
    api: APIClient, django_assert_max_num_queries: Any
) -> None:
    product = fresh()
    product.categories.add(node("US", "1"))

    with django_assert_max_num_queries(2):
        assert api.get(detail(product)).status_code == 200


def test_the_browsable_api_renders_every_public_endpoint(api: APIClient) -> None:
    product = fresh()
    node("US", "1")
    paths = [
        "/api/v1/",
        LIST,
        detail(product),
        f"{detail(product)}prices/",
        "/api/v1/categories/",
        "/api/v1/categories/US/1/",
    ]

    for path in paths:
        response = api.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, path
        assert b"<html" in response.content

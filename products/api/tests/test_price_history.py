"""A product's price history: time range, validation, and the operator's switch."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from devtools.testkit.catalogue import FETCHED_AT, ProductRecordFactory
from products.cache_versions import catalogue_changed
from products.models import Product
from products.records import ProductRecord
from products.services import product_upsert

pytestmark = pytest.mark.django_db


def prices_url(record: ProductRecord) -> str:
    return f"/api/v1/products/{record.marketplace}/{record.asin}/prices/"


@pytest.fixture
def record() -> ProductRecord:
    """Three price changes, a day apart, each written by the upsert."""
    first = ProductRecordFactory.build()
    product_upsert([first])
    for day, amount in ((1, "20.00"), (2, "18.50")):
        product_upsert(
            [
                replace(
                    first, fetched_at=FETCHED_AT + timedelta(days=day), price_amount=Decimal(amount)
                )
            ]
        )
    return first


def amounts(response: object) -> list[str]:
    return [row["amount"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_the_history_lists_every_change_oldest_first(api: APIClient, record: ProductRecord) -> None:
    response = api.get(prices_url(record))

    assert amounts(response) == ["24.99", "20.00", "18.50"]
    assert response.json()["results"][0] == {
        "observed_at": "2026-11-01T12:00:00Z",
        "amount": "24.99",
        "currency": "USD",
        "availability": "in_stock",
    }


def test_a_time_range_and_newest_first(api: APIClient, record: ProductRecord) -> None:
    url = prices_url(record)

    assert amounts(api.get(url, {"since": "2026-11-02T00:00:00Z"})) == ["20.00", "18.50"]
    assert amounts(api.get(url, {"until": "2026-11-02T12:00:00+00:00"})) == ["24.99"]
    assert amounts(api.get(url, {"ordering": "newest", "page_size": "2"})) == ["18.50", "20.00"]


def test_a_range_holding_no_time_is_an_empty_page(api: APIClient, record: ProductRecord) -> None:
    url = prices_url(record)
    moment = "2026-11-02T00:00:00Z"

    assert amounts(api.get(url, {"since": moment, "until": moment})) == []
    assert amounts(api.get(url, {"since": "2026-11-03T00:00:00Z", "until": moment})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-13-01T00:00:00Z"}, "until"),
    ],
)
def test_a_bad_date_is_a_400_naming_it(
    api: APIClient, record: ProductRecord, params: dict[str, str], field: str
) -> None:
    response = api.get(prices_url(record), params)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_switched_off_the_history_is_for_staff_only(
    settings: Settings,
    api: APIClient,
    member_api: APIClient,
    staff_api: APIClient,
    record: ProductRecord,
) -> None:
    settings.PRICE_HISTORY_PUBLIC = False
    url = prices_url(record)

    assert api.get(url).status_code == 401
    assert member_api.get(url).status_code == 403
    assert amounts(staff_api.get(url)) == ["24.99", "20.00", "18.50"]
    product = f"/api/v1/products/US/{record.asin}/"
    assert api.get(product).json()["price_history_url"] is None
    assert staff_api.get(product).json()["price_history_url"].endswith("/prices/")


def test_no_history_for_an_unknown_or_unpublished_product(
    api: APIClient, record: ProductRecord
) -> None:
    Product.objects.filter(asin=record.asin).update(published=False)

    assert api.get(prices_url(record)).status_code == 404
    assert api.get("/api/v1/products/US/B0NOTHERE0/prices/").status_code == 404


def test_a_repeated_public_request_reads_nothing_from_the_database(
    api: APIClient, record: ProductRecord, django_assert_num_queries: Any
) -> None:
    first = api.get(prices_url(record)).json()

    with django_assert_num_queries(0):
        assert api.get(prices_url(record)).json() == first


def test_a_new_price_and_a_hidden_product_show_at_once(
    api: APIClient, record: ProductRecord
) -> None:
    url = prices_url(record)
    api.get(url)

    product_upsert(
        [replace(record, fetched_at=FETCHED_AT + timedelta(days=3), price_amount=Decimal("17.00"))]
    )
    assert amounts(api.get(url))[-1] == "17.00"

    Product.objects.filter(asin=record.asin).update(published=False)
    catalogue_changed([(record.marketplace, record.asin)])
    assert api.get(url).status_code == 404

"""Every product filter, and the 400 each answers to a malformed value."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from devtools.testkit.catalogue import ProductRecordFactory, fresh, node, stale
from products.records import Availability
from products.services import product_upsert

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def asins(api: APIClient, **params: str) -> list[str]:
    response = api.get(LIST, params)
    assert response.status_code == 200, response.json()
    return sorted(row["asin"] for row in response.json()["results"])


def error_fields(api: APIClient, **params: str) -> list[str]:
    response = api.get(LIST, params)
    assert response.status_code == 400
    return list(dict.fromkeys(error["field"] for error in response.json()["errors"]))


def test_asin_takes_one_or_several(api: APIClient) -> None:
    one, two, _ = fresh(), fresh(), fresh()

    assert asins(api, asin=one.asin.lower()) == [one.asin]
    assert asins(api, asin=f"{one.asin}, {two.asin}") == sorted([one.asin, two.asin])
    assert error_fields(api, asin="not-an-asin") == ["asin"]


def test_marketplace(api: APIClient) -> None:
    us, uk = fresh(marketplace="US"), fresh(marketplace="UK")

    assert asins(api, marketplace="UK") == [uk.asin]
    assert us.asin not in asins(api, marketplace="UK")
    assert error_fields(api, marketplace="XX") == ["marketplace"]


def test_category_includes_every_node_below_it(api: APIClient) -> None:
    node("US", "10")
    node("US", "10/11")
    node("US", "10/11/12")
    node("US", "100")
    node("UK", "10")
    top = fresh(category=node("US", "10/13"))
    deep = fresh(category=node("US", "10/11/12/14"))
    fresh(category=node("US", "100/101"))  # a path that only starts with the same digits
    fresh(marketplace="UK", category=node("UK", "10/20"))

    assert asins(api, category="10", marketplace="US") == sorted([top.asin, deep.asin])
    assert asins(api, category="11") == [deep.asin]
    assert len(asins(api, category="10")) == 3  # both stores without a marketplace


def test_an_unknown_category_is_an_empty_page(api: APIClient) -> None:
    fresh(marketplace="UK", category=node("UK", "77"))

    assert asins(api, category="999") == []
    assert asins(api, category="77", marketplace="US") == []


def test_brand_ignores_case(api: APIClient) -> None:
    acme = fresh(brand="Acme")
    fresh(brand="Acme Plus")

    assert asins(api, brand="ACME") == [acme.asin]


def test_price_range_counts_only_fresh_prices(api: APIClient) -> None:
    cheap = fresh(price_amount=Decimal("5.00"))
    middle = fresh(price_amount=Decimal("15.00"))
    fresh(price_amount=Decimal("25.00"))
    stale(price_amount=Decimal("15.00"))

    assert asins(api, min_price="10", max_price="20") == [middle.asin]
    assert asins(api, max_price="15") == sorted([cheap.asin, middle.asin])


def test_a_range_from_above_to_below_is_an_empty_page(api: APIClient) -> None:
    fresh(price_amount=Decimal("15.00"))

    assert asins(api, min_price="20", max_price="10") == []


def test_a_price_bound_finer_than_a_cent_admits_the_whole_cents_it_spans(api: APIClient) -> None:
    cheap = fresh(price_amount=Decimal("0.01"))
    fresh(price_amount=Decimal("0.02"))

    assert asins(api, min_price="5.5e-86", max_price="0.019") == [cheap.asin]
    assert asins(api, max_price="1e-999999") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_price": "abc"}, "min_price"),
        ({"max_price": "-1"}, "max_price"),
        ({"min_price": "1e400"}, "min_price"),
        ({"min_price": "NaN"}, "min_price"),
    ],
)
def test_a_malformed_price_is_a_400_naming_it(
    api: APIClient, params: dict[str, str], field: str
) -> None:
    assert error_fields(api, **params) == [field]


def test_availability_counts_only_when_fresh(api: APIClient) -> None:
    in_stock = fresh(availability=Availability.IN_STOCK)
    old_in_stock = stale(availability=Availability.IN_STOCK)
    out = fresh(availability=Availability.OUT_OF_STOCK)

    assert asins(api, availability="in_stock") == [in_stock.asin]
    assert asins(api, availability="out_of_stock") == [out.asin]
    assert asins(api, availability="unknown") == [old_in_stock.asin]
    assert error_fields(api, availability="plenty") == ["availability"]


def test_featured(api: APIClient) -> None:
    star, plain = fresh(featured=True), fresh()

    assert asins(api, featured="true") == [star.asin]
    assert asins(api, featured="false") == [plain.asin]
    assert error_fields(api, featured="maybe") == ["featured"]


def test_search_uses_the_storefront_search_ranked(api: APIClient) -> None:
    now = timezone.now()
    records = [
        ProductRecordFactory.build(title="Desk lamp", brand="Lumen", fetched_at=now),
        ProductRecordFactory.build(
            title="Lamp lamp lamp, the lamp", brand="Lamp Co", fetched_at=now
        ),
        ProductRecordFactory.build(title="Kettle", fetched_at=now),
    ]
    product_upsert(records)

    found = [row["asin"] for row in api.get(LIST, {"search": "lamp"}).json()["results"]]

    assert found == [records[1].asin, records[0].asin]
    assert asins(api, search="kettle") == [records[2].asin]
    assert asins(api, search="lam") == sorted([records[0].asin, records[1].asin])


def test_an_upserted_change_is_what_the_filters_see(api: APIClient) -> None:
    record = ProductRecordFactory.build(fetched_at=timezone.now(), price_amount=Decimal("30"))
    product_upsert([record])
    assert asins(api, max_price="20") == []

    later = timezone.now()
    product_upsert([replace(record, fetched_at=later, price_amount=Decimal("12"))])

    assert asins(api, max_price="20") == [record.asin]


@pytest.mark.parametrize(
    "params",
    [
        {"search": "a\x00b"},
        {"brand": "x" * 300},
        {"category": "1" * 40},
        {"asin": ",".join(["B0AAAAAAAA"] * 101)},
        # The dotless i upper-cases to an ASCII "I"
        {"asin": "B0AAAAAAA\u0131"},
    ],
)
def test_other_malformed_values_are_400s(api: APIClient, params: dict[str, str]) -> None:
    assert error_fields(api, **params) == list(params)

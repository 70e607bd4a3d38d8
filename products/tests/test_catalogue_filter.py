"""One catalogue filter: the storefront search, the API's product list and a rule collection
pick the same products, in the same order, for the same criteria."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from devtools.testkit.catalogue import rule, stock_catalogue
from products.browse import PRICE_BANDS, facets, parse_browse
from products.catalogue_filter import price_in_bounds
from products.collections.selectors import collection_products
from products.models import Category, Product
from products.records import Availability

pytestmark = pytest.mark.django_db

SMALL_APPLIANCES = "289913"
KITCHEN = "284507"
_slugs = count()


@pytest.fixture
def catalogue() -> None:
    """The stock catalogue (all fresh, in stock) with one stale price and one fresh
    out-of-stock lamp: B0KETTLE03 last priced 15.50 25 hours ago."""
    stock_catalogue()
    Product.objects.filter(asin="B0KETTLE03").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )
    Product.objects.filter(asin="B0LAMP0003").update(availability=Availability.OUT_OF_STOCK)


def storefront(client: Client, criteria: dict[str, str]) -> list[str]:
    names = {"search": "q", "ordering": "sort"}
    response = client.get("/us/search/", {names.get(k, k): v for k, v in criteria.items()})
    assert response.status_code == 200
    results = response.content.decode().split('class="results"')[1]
    return re.findall(r'href="/p/us/([A-Z0-9]{10})-', results)


def api_list(criteria: dict[str, str]) -> list[str]:
    response = APIClient().get(
        "/api/v1/products/", {"marketplace": "US", "page_size": "100", **criteria}
    )
    assert response.status_code == 200, response.json()
    return [row["asin"] for row in response.json()["results"]]


def rule_collection(criteria: dict[str, str]) -> list[str]:
    fields: dict[str, Any] = {"slug": f"rule-{next(_slugs)}", "max_items": 100}
    for name, value in criteria.items():
        if name == "category":
            fields["rule_category"] = Category.objects.get(marketplace="US", node_id=value)
        elif name in ("min_price", "max_price"):
            fields[f"rule_{name}"] = Decimal(value)
        elif name == "search":
            fields["rule_keywords"] = value
        elif name == "ordering":
            fields["sort"] = value
        else:
            fields[f"rule_{name}"] = value
    return [product.asin for product in collection_products(rule(**fields))]


def all_three(client: Client, criteria: dict[str, str]) -> list[list[str]]:
    return [storefront(client, criteria), api_list(criteria), rule_collection(criteria)]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        # Both bounds are inclusive, and a stale price (B0KETTLE03's) is not filtered.
        ({"min_price": "24.99", "max_price": "120.00"}, ["B0KETTLE01", "B0KETTLE02", "B0LAMP0001"]),
        ({"min_price": "15.50", "max_price": "15.50"}, []),
        ({"max_price": "24.99"}, ["B0KETTLE01"]),
        # A category takes in every node below it.
        ({"category": SMALL_APPLIANCES}, ["B0KETTLE01", "B0KETTLE02", "B0KETTLE03"]),
        (
            {"category": KITCHEN},
            ["B0KETTLE01", "B0KETTLE02", "B0KETTLE03", "B0LAMP0001", "B0LAMP0002", "B0LAMP0003"],
        ),
        ({"brand": "acme"}, ["B0KETTLE01", "B0KETTLE03"]),
        # Availability as shown: a stale row's is unknown.
        (
            {"availability": Availability.IN_STOCK},
            ["B0KETTLE01", "B0KETTLE02", "B0LAMP0001", "B0LAMP0002"],
        ),
        ({"availability": Availability.OUT_OF_STOCK}, ["B0LAMP0003"]),
        ({"availability": Availability.UNKNOWN}, ["B0KETTLE03"]),
        ({"search": "walnut", "max_price": "120"}, ["B0LAMP0001"]),
    ],
)
def test_the_same_products_come_back_from_each_caller(
    client: Client, catalogue: None, criteria: dict[str, str], expected: list[str]
) -> None:
    assert [sorted(asins) for asins in all_three(client, criteria)] == [expected] * 3


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["B0KETTLE01", "B0KETTLE02", "B0KETTLE03"]),
        ("-price", ["B0KETTLE02", "B0KETTLE01", "B0KETTLE03"]),
        ("saving", ["B0KETTLE01", "B0KETTLE02", "B0KETTLE03"]),
    ],
)
def test_stale_rows_sort_last_in_each_caller(
    client: Client, catalogue: None, ordering: str, expected: list[str]
) -> None:
    # B0KETTLE03 has the lowest price and the biggest saving, but both are stale.
    criteria = {"category": SMALL_APPLIANCES, "ordering": ordering}

    assert all_three(client, criteria) == [expected] * 3


def test_a_price_on_a_band_boundary_counts_in_one_band_only() -> None:
    for boundary in (Decimal(25), Decimal(50), Decimal(100), Decimal(200)):
        for price in (boundary - Decimal("0.01"), boundary):
            bands = [(low, high) for low, high in PRICE_BANDS if price_in_bounds(price, low, high)]
            assert len(bands) == 1, (price, bands)


def test_each_price_band_selects_what_it_counted(client: Client, catalogue: None) -> None:
    # GIVEN a fresh price on a band boundary, 100.00
    Product.objects.filter(asin="B0LAMP0001").update(price_amount=Decimal("100.00"))

    bands = facets(parse_browse({}, marketplace="US"))["price"]

    # THEN each fresh price is counted once, in the band whose link finds it
    assert [(band.label, band.count) for band in bands] == [
        ("Under $25", 1),
        ("$50 to $100", 1),
        ("$100 to $200", 3),
    ]
    for band in bands:
        selected = {k: v for k, v in band.params.items() if v}
        assert len(storefront(client, selected)) == band.count, band.label

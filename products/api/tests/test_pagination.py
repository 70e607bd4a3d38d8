"""Cursor pagination: every row once, in order, for every ordering; a malformed cursor is a
400, one the API did not issue a 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from config.api.pagination import MAX_PAGE_SIZE
from devtools.testkit.catalogue import ago, fresh, stale
from products.models import Product

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def walk(api: APIClient, **params: str | int) -> list[str]:
    """Follow `next` links from the first page to the last."""
    found: list[str] = []
    response = api.get(LIST, {"page_size": 2, **params})
    while True:
        body = response.json()
        assert response.status_code == 200, body
        found.extend(row["asin"] for row in body["results"])
        if body["next"] is None:
            return found
        response = api.get(body["next"])


@pytest.fixture
def catalogue() -> list[Product]:
    """Ties on every sort key, stale prices and missing ones: what breaks naive cursors."""
    return [
        fresh(price_amount=Decimal("10"), savings_percent=5, created_at=ago(days=1)),
        fresh(price_amount=Decimal("10"), savings_percent=5, created_at=ago(days=1)),
        fresh(price_amount=Decimal("3"), savings_percent=40),
        fresh(price_amount=Decimal("10"), savings_percent=None),
        fresh(price_amount=None),
        stale(price_amount=Decimal("1"), savings_percent=90),
        fresh(price_amount=Decimal("99.99"), savings_percent=10),
    ]


def test_price_pages_lowest_first_with_unpriced_and_stale_last(
    api: APIClient, catalogue: list[Product]
) -> None:
    order = walk(api, ordering="price")

    assert sorted(order) == sorted(p.asin for p in catalogue)
    priced = [p for p in catalogue if p.price_amount is not None and p.pk != catalogue[5].pk]
    expected = [p.asin for p in sorted(priced, key=lambda p: (p.price_amount, p.pk))]
    assert order[: len(expected)] == expected
    assert set(order[len(expected) :]) == {catalogue[4].asin, catalogue[5].asin}


def test_highest_price_first_still_puts_unpriced_last(
    api: APIClient, catalogue: list[Product]
) -> None:
    order = walk(api, ordering="-price")

    assert order[0] == catalogue[6].asin
    assert set(order[-2:]) == {catalogue[4].asin, catalogue[5].asin}
    assert len(order) == len(set(order)) == len(catalogue)


def test_saving_ignores_a_stale_saving(api: APIClient, catalogue: list[Product]) -> None:
    order = walk(api, ordering="saving")

    assert order[:2] == [catalogue[2].asin, catalogue[6].asin]
    assert catalogue[5].asin not in order[:4]
    assert len(order) == len(set(order)) == len(catalogue)


def test_newest_is_the_default_and_breaks_ties_by_id(
    api: APIClient, catalogue: list[Product]
) -> None:
    expected = [p.asin for p in sorted(catalogue, key=lambda p: (p.created_at, p.pk), reverse=True)]

    assert walk(api) == expected
    assert walk(api, ordering="newest", page_size=1) == expected
    assert walk(api, ordering="relevance") == expected


def test_previous_goes_back_to_the_same_page(api: APIClient, catalogue: list[Product]) -> None:
    first = api.get(LIST, {"page_size": "3", "ordering": "price"}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    back = api.get(third["previous"]).json()

    assert first["previous"] is None
    assert [r["asin"] for r in back["results"]] == [r["asin"] for r in second["results"]]
    assert [r["asin"] for r in api.get(back["previous"]).json()["results"]] == [
        r["asin"] for r in first["results"]
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not base64!"}, "cursor"),
        ({"cursor": "abc\n"}, "cursor"),
        ({"page_size": "-1"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
        ({"page_size": "99999999999999999999"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"ordering": "nonsense"}, "ordering"),
    ],
)
def test_malformed_paging_is_a_400_naming_the_parameter(
    api: APIClient, params: dict[str, str], field: str
) -> None:
    fresh()

    response = api.get(LIST, params)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJvIjoibmV3ZXN0IiwidiI6WyJ4IiwieSJdLCJyIjpmYWxzZX0", "AAAA"]
)
def test_a_cursor_the_api_did_not_issue_is_a_404_naming_it(api: APIClient, cursor: str) -> None:
    fresh()

    response = api.get(LIST, {"cursor": cursor})

    assert response.status_code == 404
    assert [e["field"] for e in response.json()["errors"]] == ["cursor"]


def test_a_cursor_only_works_with_its_own_ordering(
    api: APIClient, catalogue: list[Product]
) -> None:
    by_price = api.get(LIST, {"page_size": "2", "ordering": "price"}).json()["next"]
    cursor = by_price.split("cursor=")[1].split("&")[0]

    response = api.get(LIST, {"page_size": "2", "ordering": "newest", "cursor": cursor})

    assert response.status_code == 404


def test_relevance_pages_through_a_search_in_rank_order(api: APIClient) -> None:
    titles = ["lamp", "lamp lamp", "desk lamp", "lamp", "floor lamp lamp", "lamp", "kettle"]
    for title in titles:
        fresh(title=title)

    one_page = [
        r["asin"] for r in api.get(LIST, {"search": "lamp", "page_size": "50"}).json()["results"]
    ]

    assert len(one_page) == 6
    assert walk(api, search="lamp") == one_page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans")
@pytest.mark.parametrize(
    ("ordering", "index"),
    [("price", "product_price"), ("-price", "product_price"), ("saving", "product_saving")],
)
def test_fresh_prices_and_savings_are_read_in_order_from_an_index(
    api: APIClient, catalogue: list[Product], ordering: str, index: str
) -> None:
    # A CASE over the price's freshness would sort the whole table; the fresh segment reads
    # an index instead. Scans and sorts are priced out, the table here being tiny, so the
    # plan shows whether an index can give the order at all.
    with CaptureQueriesContext(connection) as captured:
        api.get(LIST, {"ordering": ordering, "page_size": "2"})
    first_segment = next(q["sql"] for q in captured.captured_queries if "ORDER BY" in q["sql"])
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + first_segment)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan
    assert "CASE" not in first_segment

"""The stored, weighted search column exists on PostgreSQL and follows the row."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client

from devtools.testkit.catalogue import FETCHED_AT, ProductRecordFactory
from products.search_column import SEARCH_COLUMN, SEARCH_INDEX
from products.search_words import search_words_refresh
from products.services import product_upsert

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _ranked(query: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT asin FROM products_product "  # noqa: S608 (constants, not input)
            f"WHERE {SEARCH_COLUMN} @@ websearch_to_tsquery('english', %s) "
            f"ORDER BY ts_rank({SEARCH_COLUMN}, websearch_to_tsquery('english', %s)) DESC, asin",
            [query, query],
        )
        return [row[0] for row in cursor.fetchall()]


def test_title_outranks_brand_outranks_features() -> None:
    product_upsert(
        [
            ProductRecordFactory.build(
                asin="B0FEATURE1",
                title="Plain mug",
                brand="Acme",
                features=("Works with a teapot",),
            ),
            ProductRecordFactory.build(
                asin="B0BRAND001", title="Plain cup", brand="Teapot Co", features=()
            ),
            ProductRecordFactory.build(
                asin="B0TITLE001", title="Glass teapot", brand="Acme", features=()
            ),
            ProductRecordFactory.build(
                asin="B0NOMATCH1", title="Kettle", brand="Acme", features=()
            ),
        ]
    )

    assert _ranked("teapot") == ["B0TITLE001", "B0BRAND001", "B0FEATURE1"]


def test_the_column_follows_updates_and_curated_titles() -> None:
    record = ProductRecordFactory.build(asin="B0RENAMED1", title="Desk lamp")
    product_upsert([record])
    assert _ranked("lamp") == ["B0RENAMED1"]

    product_upsert([replace(record, fetched_at=FETCHED_AT + timedelta(hours=1), title="Desk fan")])
    assert _ranked("lamp") == []
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE products_product SET title_override = 'Quiet fan' WHERE asin = 'B0RENAMED1'"
        )
    assert _ranked("quiet") == ["B0RENAMED1"]


def test_the_column_has_a_gin_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX])
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition and SEARCH_COLUMN in definition


def test_a_misspelt_search_offers_the_closest_words(client: Client) -> None:
    product_upsert(
        [
            ProductRecordFactory.build(asin="B0KETTLE01", title="Glass kettle", brand="Acme"),
            ProductRecordFactory.build(asin="B0LAMP0001", title="Walnut desk lamp", brand="Lumen"),
        ]
    )
    search_words_refresh()

    page = client.get("/us/search/?q=walnot+ketle").content.decode()
    exact = client.get("/us/search/?q=walnut").content.decode()

    assert "No products match" in page
    assert 'Did you mean <a href="?q=walnut+kettle">walnut kettle</a>?' in page
    assert "Did you mean" not in exact


def test_no_suggestion_for_words_unlike_any_known_one(client: Client) -> None:
    product_upsert([ProductRecordFactory.build(title="Glass kettle")])
    search_words_refresh()

    page = client.get("/us/search/?q=xylophone").content.decode()

    assert "No products match" in page and "Did you mean" not in page

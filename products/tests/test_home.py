"""The home page lists published products within Amazon's display rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devtools.testkit.catalogue import ProductFactory, ProductRecordFactory, stock_catalogue
from products.category_totals.tasks import category_totals_refresh
from products.records import CategoryRecord
from products.services import product_upsert

pytestmark = pytest.mark.django_db


def test_home_shows_published_products_with_fresh_prices(client: Client) -> None:
    ProductFactory.create(title="Fresh lamp", price_display="$10.00", price_as_of=timezone.now())
    ProductFactory.create(title="Hidden lamp", published=False)

    page = client.get("/us/")

    assert page.status_code == 200
    assert b"Fresh lamp" in page.content
    assert b"$10.00" in page.content
    assert b"Hidden lamp" not in page.content
    assert b"As an Amazon Associate I earn from qualifying purchases" in page.content


def test_a_stale_price_is_never_shown(client: Client) -> None:
    ProductFactory.create(
        title="Old lamp",
        price_display="$99.00",
        price_as_of=timezone.now() - timedelta(hours=24, minutes=1),
    )

    page = client.get("/us/")

    assert b"Old lamp" in page.content
    assert b"$99.00" not in page.content
    assert b"See price on Amazon" in page.content


def test_a_title_is_escaped(client: Client) -> None:
    ProductFactory.create(title="<script>alert(1)</script>")

    page = client.get("/us/")

    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_the_uncached_home_page_reads_a_fixed_number_of_bounded_queries(client: Client) -> None:
    """The page must not count the catalogue on each render, which takes seconds at scale."""
    stock_catalogue()
    category_totals_refresh()
    with CaptureQueriesContext(connection) as small:
        assert client.get("/us/").status_code == 200
    product_upsert(
        [
            replace(
                ProductRecordFactory.build(),
                categories=(CategoryRecord(node_id=f"90000{n}", name=f"Root {n}"),),
            )
            for n in range(5)
            for _ in range(3)
        ]
    )
    category_totals_refresh()
    cache.clear()

    with CaptureQueriesContext(connection) as larger:
        page = client.get("/us/").content.decode()

    assert "Root 4" in page
    # Featured, savings, recently added, top categories and collections, and the frame's
    # categories and footer pages: one query each, whatever the number of categories, and
    # each stops at the section's size; one more reads the 30-day lows of the products
    # shown, by their ids.
    assert len(larger) == len(small) == 8
    history = [q["sql"] for q in larger.captured_queries if "products_priceobservation" in q["sql"]]
    assert len(history) == 1 and '"product_id" IN (' in history[0]
    assert all(" LIMIT " in q["sql"] for q in larger.captured_queries if q["sql"] not in history)

"""The hourly recount of published products per root category, and the home page's use of it."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductRecordFactory, two_store_catalogue
from products.catalogue_filter import in_category
from products.category_totals.models import CategoryTotal
from products.category_totals.tasks import category_totals_refresh
from products.models import Category, Product
from products.records import CategoryRecord
from products.selectors import products_published
from products.services import product_upsert

pytestmark = pytest.mark.django_db

OFFICE = CategoryRecord(node_id="1064954", name="Office Products")


@pytest.fixture
def two_stores(settings: Settings) -> dict[str, Product]:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    return two_store_catalogue()


def totals() -> dict[tuple[str, str], int]:
    return {
        (t.marketplace, t.category.name): t.product_total
        for t in CategoryTotal.objects.select_related("category")
    }


def top_categories(client: Client, accept_language: str) -> list[str]:
    """The top-categories block of an uncached home page, one line per category."""
    cache.clear()
    page = client.get(
        "/", headers={"accept-language": accept_language}, follow=True
    ).content.decode()
    if 'id="categories-heading"' not in page:
        return []
    block = page.split('id="categories-heading"')[1].split("</ul>")[0]
    items = block.split("<li>")[1:]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def test_the_task_counts_published_products_under_each_root_per_store(
    two_stores: dict[str, Product],
) -> None:
    Product.objects.filter(marketplace="US", asin="B0LAMP0003").update(published=False)
    Category.objects.create(
        marketplace="US", node_id="2972638011", name="Garden", path="2972638011"
    )

    assert category_totals_refresh() == 3

    assert totals() == {
        ("US", "Kitchen & Dining"): 5,
        ("UK", "Home & Kitchen"): 2,
        ("US", "Garden"): 0,
    }
    # The same figures as counting each root the way its category page filters products.
    for total in CategoryTotal.objects.select_related("category"):
        counted = products_published().filter(in_category(total.category)).count()
        assert counted == total.product_total


def test_a_recount_replaces_the_last_one(two_stores: dict[str, Product]) -> None:
    category_totals_refresh()
    Product.objects.filter(marketplace="UK").update(published=False)
    Category.objects.filter(marketplace="US", depth=0).delete()

    category_totals_refresh()

    assert totals() == {("UK", "Home & Kitchen"): 0}


def test_the_home_page_ranks_each_stores_roots_by_the_last_count(
    client: Client, two_stores: dict[str, Product]
) -> None:
    category_totals_refresh()
    product_upsert(
        [
            replace(ProductRecordFactory.build(marketplace="US"), categories=(OFFICE,))
            for _ in range(7)
        ]
    )

    assert top_categories(client, "en-GB") == ["Home & Kitchen 2 products · UK"]
    # Counted hourly: the new products show in the totals after the next count.
    assert top_categories(client, "en-US") == ["Kitchen & Dining 6 products · US"]

    category_totals_refresh()

    assert top_categories(client, "en-US") == [
        "Office Products 7 products · US",
        "Kitchen & Dining 6 products · US",
    ]
    assert top_categories(client, "en-GB") == ["Home & Kitchen 2 products · UK"]


def test_a_root_with_no_published_products_is_not_listed(
    client: Client, two_stores: dict[str, Product]
) -> None:
    Product.objects.filter(marketplace="UK").update(published=False)
    category_totals_refresh()

    assert top_categories(client, "en-GB") == []
    assert top_categories(client, "en-US") == ["Kitchen & Dining 6 products · US"]

"""A collection's page and comparison table, the home-page section, caching and the sitemap."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from devtools.testkit.catalogue import manual, rule
from products.collections.models import COMPARE_ATTRIBUTES, Collection
from products.models import Product

pytestmark = pytest.mark.django_db


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_page_shows_the_products_in_order_as_cards(
    client: Client, stock: dict[str, Product]
) -> None:
    manual([stock["B0LAMP0001"], stock["B0KETTLE02"]], intro="Two things we like.")

    page = html(client.get("/collections/hand-picked/"))

    assert "<h1>Hand-picked" in page
    assert "Two things we like." in page
    assert page.index("Walnut desk lamp") < page.index("Steel kettle, quiet boil")
    assert page.count('class="product-box"') == 2
    assert 'href="/collections/hand-picked/compare/"' in page


@pytest.mark.parametrize("path", ["/collections/draft/", "/collections/draft/compare/"])
def test_an_unpublished_collection_is_a_404_except_to_staff(
    client: Client, staff: Client, stock: dict[str, Product], path: str
) -> None:
    manual([stock["B0LAMP0001"]], slug="draft", published=False)

    assert Client().get(path).status_code == 404
    preview = staff.get(path)
    assert preview.status_code == 200
    assert "only staff see this page" in html(preview)
    assert Client().get("/collections/no-such-thing/").status_code == 404


def test_stale_prices_are_hidden_on_the_page_and_in_the_table(
    client: Client, stock: dict[str, Product]
) -> None:
    Product.objects.filter(asin="B0KETTLE03").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )
    manual(
        [stock["B0KETTLE01"], stock["B0KETTLE03"]],
        compare_attributes=["price", "saving", "availability"],
    )

    for path in ("/collections/hand-picked/", "/collections/hand-picked/compare/"):
        page = html(client.get(path))
        assert "$24.99" in page
        assert "Save 10%" in page
        assert "$15.50" not in page, path
        assert "Save 35%" not in page, path
        assert "See price on Amazon" in page


def test_the_table_sets_the_chosen_attributes_side_by_side(
    client: Client, stock: dict[str, Product]
) -> None:
    manual(
        [stock["B0KETTLE01"], stock["B0LAMP0001"]],
        compare_attributes=["features", "brand", "sales_rank"],
    )

    page = html(client.get("/collections/hand-picked/compare/"))

    # Rows in the table's fixed order, whatever order they were chosen in.
    rows = ['<th scope="row">Brand</th>', '<th scope="row">Sales rank</th>']
    assert page.index(rows[0]) < page.index(rows[1]) < page.index("Key features")
    assert '<th scope="row">Price</th>' not in page
    assert page.count('<th scope="col">') == 2
    assert "Walnut desk lamp feature one" in page
    assert "#4" in page
    kettle = stock["B0KETTLE01"]
    assert (
        f'href="{kettle.detail_page_url}" rel="sponsored nofollow noopener" target="_blank"' in page
    )


def test_the_home_page_lists_collections_marked_for_it_in_order(
    client: Client, stock: dict[str, Product]
) -> None:
    rule(rule_brand="Acme", title="Acme things", slug="acme", show_on_home=True, home_order=2)
    rule(rule_brand="Lumen", title="Lamps", slug="lamps", show_on_home=True, home_order=1)
    rule(rule_brand="Lumen", title="Not on home", slug="not-home")
    rule(rule_brand="Lumen", title="Draft", slug="draft", show_on_home=True, published=False)

    page = html(client.get("/us/"))

    assert page.index('href="/collections/lamps/"') < page.index('href="/collections/acme/"')
    assert "Not on home" not in page
    assert "Draft" not in page
    index = html(client.get("/us/collections/"))
    assert "Not on home" in index
    assert "Draft" not in index


def test_published_collections_are_in_the_sitemap(
    client: Client, stock: dict[str, Product]
) -> None:
    rule(rule_brand="Acme", slug="acme")
    rule(rule_brand="Acme", slug="draft", published=False)

    sitemap = html(client.get("/sitemap-collections.xml"))

    assert "/collections/acme/</loc>" in sitemap
    assert "draft" not in sitemap
    assert Collection.objects.count() == 2


def test_a_page_costs_a_fixed_number_of_queries(
    client: Client, stock: dict[str, Product], django_assert_max_num_queries: Any
) -> None:
    manual(list(stock.values()), compare_attributes=list(COMPARE_ATTRIBUTES))

    # The collection, then its products in one query, however many it shows, and their
    # 30-day lows in one more; the frame's categories and footer pages are two more until
    # the cache keeps them.
    for path in ("/collections/hand-picked/", "/collections/hand-picked/compare/"):
        with django_assert_max_num_queries(5):
            assert client.get(path).status_code == 200

"""An unpublished product shows nowhere public: pages, sitemap, API lists, records, counts."""

from __future__ import annotations

import pytest
from django.test import Client

from devtools.testkit.catalogue import stock_catalogue
from products.links import category_url, product_url
from products.models import Category, Product

pytestmark = pytest.mark.django_db

HIDDEN = "B0KETTLE02"


@pytest.fixture
def hidden() -> Product:
    stock_catalogue()
    Product.objects.filter(asin=HIDDEN).update(published=False, title="Secret prototype kettle")
    return Product.objects.get(asin=HIDDEN)


def test_no_public_page_or_listing_mentions_it(client: Client, hidden: Product) -> None:
    category = Category.objects.get(node_id="289935")
    listings = [
        "/us/",
        "/us/search/?q=kettle",
        "/us/search/?q=prototype",
        "/us/search/suggest/?q=secret",
        category_url(category),
        "/sitemap-products.xml",
        "/api/v1/products/",
        "/api/v1/products/?search=prototype",
        f"/api/v1/products/?asin={HIDDEN}",
    ]
    for url in listings:
        response = client.get(url)
        assert response.status_code == 200, url
        assert HIDDEN.encode() not in response.content, url
        assert b"Secret prototype" not in response.content, url


def test_its_own_addresses_are_not_found(client: Client, hidden: Product) -> None:
    for url in (
        product_url(hidden),
        f"/api/v1/products/US/{HIDDEN}/",
        f"/api/v1/products/US/{HIDDEN}/prices/",
    ):
        assert client.get(url).status_code == 404, url


def test_category_counts_leave_it_out(client: Client, hidden: Product) -> None:
    node = client.get("/api/v1/categories/US/289935/").json()
    published = Product.objects.filter(published=True, category__node_id="289935").count()

    assert node["product_count"] == published

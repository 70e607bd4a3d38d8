"""Text from Amazon and from visitors is escaped on every page and in the browsable API."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from devtools.testkit.catalogue import ProductRecordFactory
from products.links import category_url, product_url
from products.models import Category, Product
from products.services import product_upsert

pytestmark = pytest.mark.django_db

ATTACK = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
# Unescaped, any of these would run or break out of an attribute.
DANGEROUS = ("<script>alert", "<img src=x", "onerror=alert(2)>")


@pytest.fixture
def hostile_product() -> Product:
    record = replace(
        ProductRecordFactory.build(asin="B0HOSTILE1", title=f"Kettle {ATTACK}", brand=ATTACK),
        fetched_at=timezone.now(),
        features=(ATTACK, "Stainless steel"),
        manufacturer=ATTACK,
        price_amount=Decimal("9.99"),
    )
    product_upsert([record])
    return Product.objects.get(asin="B0HOSTILE1")


def _assert_escaped(body: bytes) -> None:
    text = body.decode()
    for fragment in DANGEROUS:
        assert fragment not in text


def test_titles_brands_and_features_are_escaped_on_every_page(
    client: Client, hostile_product: Product
) -> None:
    category = Category.objects.get(node_id="289935")
    pages = [
        "/us/",
        f"/us/search/?q=kettle&brand={quote(ATTACK)}",
        "/us/search/?q=kettle",
        category_url(category),
        product_url(hostile_product),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_escaped(response.content)
    # The product page shows the text (escaped), so the check above was not vacuous.
    assert (
        b"&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(product_url(hostile_product)).content
    )


def test_a_hostile_query_is_escaped(client: Client, hostile_product: Product) -> None:
    response = client.get(f"/us/search/?q={quote(ATTACK)}&sort={quote(ATTACK)}&page=1")

    assert response.status_code == 200
    _assert_escaped(response.content)


def test_the_browsable_api_escapes_product_text(client: Client, hostile_product: Product) -> None:
    for url in ("/api/v1/products/", "/api/v1/products/US/B0HOSTILE1/"):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        _assert_escaped(response.content)

"""Only Amazon product links and images (or operator-listed origins) are stored and shown."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductRecordFactory
from products.models import Product
from products.outbound import is_allowed_image, is_allowed_product_link
from products.records import ImageRecord
from products.services import product_upsert

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "https://www.amazon.com/dp/B0TEST0001?tag=x-20",
        "https://smile.amazon.co.uk/dp/B0TEST0001",
        "https://amazon.de/dp/B0TEST0001",
    ],
)
def test_amazon_store_links_are_allowed(url: str) -> None:
    assert is_allowed_product_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.amazon.com/dp/B0TEST0001",
        "https://www.amazon.com.evil.example/dp/B0TEST0001",
        "https://evilamazon.com/dp/B0TEST0001",
        "https://www.amazon.com:8443/dp/B0TEST0001",
        "javascript:alert(1)",
        "//www.amazon.com/dp/B0TEST0001",
        "https://[::1/",
    ],
)
def test_other_links_are_refused(url: str) -> None:
    assert not is_allowed_product_link(url)


def test_images_only_from_amazon_image_hosts() -> None:
    assert is_allowed_image("https://m.media-amazon.com/images/I/x.jpg")
    assert not is_allowed_image("http://m.media-amazon.com/images/I/x.jpg")
    assert not is_allowed_image("https://tracker.example/pixel.gif")


def test_the_operator_may_allow_another_origin(settings: Settings) -> None:
    settings.OUTBOUND_EXTRA_ORIGINS = ["http://127.0.0.1:8765"]

    assert is_allowed_image("http://127.0.0.1:8765/images/B0TEST0001.svg")
    assert is_allowed_product_link("http://127.0.0.1:8765/dp/B0TEST0001")
    assert not is_allowed_image("http://127.0.0.1:9999/images/B0TEST0001.svg")


def test_a_bad_link_or_image_is_dropped_and_reported_but_the_product_is_kept() -> None:
    record = ProductRecordFactory.build(
        asin="B0BADLINK1",
        detail_page_url="https://phish.example/dp/B0BADLINK1",
        primary_image=ImageRecord(
            sizes={
                "small": {"url": "https://m.media-amazon.com/i/s.jpg", "width": 75, "height": 75},
                "large": {"url": "javascript:alert(1)", "width": 500, "height": 500},
            }
        ),
    )

    result = product_upsert([record])

    product = Product.objects.get(asin="B0BADLINK1")
    assert result.created == ["B0BADLINK1"]
    assert product.detail_page_url == ""
    assert set(product.images["primary"]) == {"small"}
    assert "phish.example" in result.rejected_urls["B0BADLINK1"]
    assert "javascript:" in result.rejected_urls["B0BADLINK1"]

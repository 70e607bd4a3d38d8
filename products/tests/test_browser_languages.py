"""A DE and a UK product page in Chromium: each in its store's language and price format."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Browser, ViewportSize, expect
from pytest_django.fixtures import Settings

from devtools.testkit.browser import DESKTOP, SCREENSHOTS, open_page
from devtools.testkit.catalogue import three_store_catalogue
from products.links import product_url
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390: ViewportSize = {"width": 390, "height": 844}
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def site(live_server: object, settings: Settings) -> str:
    settings.AMAZON_MARKETPLACES = ["US", "UK", "DE"]
    three_store_catalogue()
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("store", "lang", "price", "disclosure", "language"),
    [
        (
            "DE",
            "de-DE",
            f"220,99{NBSP}€",
            "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.",
            "de",
        ),
        (
            "UK",
            "en-GB",
            "£19.99",
            "As an Amazon Associate I earn from qualifying purchases.",
            "en",
        ),
    ],
)
@pytest.mark.parametrize(("width", "viewport"), [("390", PHONE_390), ("1280", DESKTOP)])
def test_a_product_page_reads_in_its_stores_language(
    browser: Browser,
    site: str,
    store: str,
    lang: str,
    price: str,
    disclosure: str,
    language: str,
    width: str,
    viewport: ViewportSize,
) -> None:
    product = Product.objects.get(marketplace=store, asin="B0KETTLE01")
    # A browser asking for English still reads a German store's page in German.
    page = open_page(browser, site, viewport=viewport, locale="en-US")
    page.goto(site + product_url(product))

    assert page.evaluate("document.documentElement.lang") == lang
    expect(page.locator(".buy-box .amount")).to_have_text(price)
    expect(page.locator(".site-footer .disclosure")).to_have_text(disclosure)
    with translation.override(language):
        expect(page.locator(".buy-button")).to_have_text(translation.gettext("Buy on Amazon"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page scrolls sideways"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"product-{store.lower()}-{width}.png"), full_page=True)
    page.close()

"""Clicks through the browser: following "Buy on Amazon" counts once, and goes to Amazon."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Route, expect

from devtools.testkit.catalogue import stock_catalogue
from products.clicks.models import DailyClicks
from products.collections.models import Collection, CollectionItem
from products.links import product_url
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


def count_of(product: Product, *, wait: float = 5.0) -> int:
    """Today's count for the product, once the beacon (sent asynchronously) has landed."""
    deadline = time.monotonic() + wait
    while True:
        row = DailyClicks.objects.filter(product=product, day=timezone.now().date()).first()
        if row is not None or time.monotonic() > deadline:
            return row.count if row else 0
        time.sleep(0.05)


def test_buy_on_amazon_is_counted_and_still_links_to_amazon(
    browser: Browser, live_server: object
) -> None:
    site = str(live_server.url)  # type: ignore[attr-defined]
    product = stock_catalogue()["B0KETTLE02"]
    amazon_requests: list[str] = []

    def answer(route: Route) -> None:
        # Nothing leaves the machine: Amazon's pages and images are answered here.
        if route.request.url.startswith(site):
            route.continue_()
            return
        amazon_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Amazon</title>")

    context = browser.new_context()
    context.route("**/*", answer)
    page = context.new_page()
    page.goto(site + product_url(product))
    buy = page.get_by_role("link", name="Buy on Amazon", exact=True)
    expect(buy).to_have_attribute("href", product.detail_page_url)

    with context.expect_page() as opened:
        buy.click()
    amazon = opened.value
    amazon.wait_for_load_state()

    # The visitor went straight to the stored Amazon URL; no redirect through this site.
    assert amazon.url == product.detail_page_url
    assert product.detail_page_url in amazon_requests
    expect(buy).to_have_attribute("href", product.detail_page_url)
    assert count_of(product) == 1
    context.close()


def test_a_middle_click_and_the_keyboard_count_too(browser: Browser, live_server: object) -> None:
    site = str(live_server.url)  # type: ignore[attr-defined]
    product = stock_catalogue()["B0LAMP0001"]
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site)
            else route.fulfill(status=200, content_type="text/html", body="")
        ),
    )
    page = context.new_page()
    page.goto(site + product_url(product))
    buy = page.get_by_role("link", name="Buy on Amazon", exact=True)

    buy.click(button="middle")
    assert count_of(product) == 1
    buy.focus()
    with context.expect_page():
        page.keyboard.press("Enter")

    deadline = time.monotonic() + 5
    while count_of(product) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count_of(product) == 2
    context.close()


def test_a_click_in_a_collection_is_counted_for_the_collection(
    browser: Browser, live_server: object
) -> None:
    site = str(live_server.url)  # type: ignore[attr-defined]
    catalogue = stock_catalogue()
    lamps = Collection.objects.create(
        title="Desk lamps", slug="desk-lamps", marketplace="US", published=True
    )
    for position, asin in enumerate(["B0LAMP0001", "B0LAMP0002"]):
        CollectionItem.objects.create(collection=lamps, product=catalogue[asin], position=position)
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site)
            else route.fulfill(status=200, content_type="text/html", body="")
        ),
    )
    page = context.new_page()
    page.goto(site + reverse("collections:compare", args=["desk-lamps"]))

    with context.expect_page():
        page.locator("a.box-buy[data-asin=B0LAMP0002]").click()

    deadline = time.monotonic() + 5
    while not DailyClicks.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    rows = DailyClicks.objects.values_list("product__asin", "collection__slug", "count")
    assert list(rows) == [("B0LAMP0002", "desk-lamps", 1)]
    context.close()

"""The storefront in a real browser: a visitor's path, keyboard use, layout, accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ViewportSize, expect

from devtools.testkit.browser import DESKTOP, PHONE, SCREENSHOTS, open_page
from devtools.testkit.catalogue import stock_catalogue
from products.links import product_url
from products.models import Category, Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: object) -> str:
    stock_catalogue()
    return str(live_server.url)  # type: ignore[attr-defined]


def test_search_filter_product_and_the_amazon_link(browser: Browser, site: str) -> None:
    page = open_page(browser, site)
    page.goto(site + "/us/")

    page.get_by_label("Search products").fill("kettle")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “kettle”")
    page.locator("#facet-brand + ul").get_by_role("link", name="Brewmaster").click()
    expect(page.locator(".results .product-box")).to_have_count(1)
    page.locator(".results .box-link").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Steel kettle, quiet boil")
    buy = page.get_by_role("link", name="Buy on Amazon", exact=True)
    product = Product.objects.get(asin="B0KETTLE02")
    expect(buy).to_have_attribute("href", product.detail_page_url)
    expect(buy).to_have_attribute("rel", "sponsored nofollow noopener")
    page.close()


def test_the_site_works_from_the_keyboard(browser: Browser, site: str) -> None:
    page = open_page(browser, site)
    page.goto(site + "/us/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search products")).to_be_focused()
    page.keyboard.type("walnut")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “walnut”")
    page.close()


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_main_pages_fit_the_screen_without_layout_shift(
    browser: Browser, site: str, name: str, viewport: ViewportSize
) -> None:
    category = Category.objects.get(node_id="289935")
    pages = {
        "home": "/",
        "search": "/us/search/?q=lamp",
        "category": category.get_absolute_url(),
        "product": product_url(Product.objects.get(asin="B0LAMP0001")),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, site, viewport=viewport)
    for label, path in pages.items():
        page.goto(site + path)
        page.wait_for_load_state("load")
        shift = page.evaluate(
            """() => new Promise(resolve => {
                let total = 0;
                new PerformanceObserver(list => {
                    for (const entry of list.getEntries()) total += entry.value;
                }).observe({type: "layout-shift", buffered: true});
                setTimeout(() => resolve(total), 300);
            })"""
        )
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(SCREENSHOTS / f"{label}-{name}.png"), full_page=True)
        assert overflow <= 0, f"{label} scrolls sideways at {viewport['width']} px"
        assert shift < 0.05, f"{label} shifts its layout ({shift:.3f})"
    page.close()


def test_main_pages_have_no_serious_accessibility_violations(browser: Browser, site: str) -> None:
    category = Category.objects.get(node_id="289935")
    paths = [
        "/",
        "/us/search/?q=kettle",
        "/us/search/?q=submarine",
        category.get_absolute_url(),
        product_url(Product.objects.get(asin="B0LAMP0002")),
        "/p/us/B0NOSUCH00-x/",
    ]
    axe = Axe()
    page = open_page(browser, site)
    problems = []
    for path in paths:
        page.goto(site + path)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']})")
    page.close()

    assert problems == []


def test_the_search_box_suggests_as_you_type(browser: Browser, site: str) -> None:
    page = open_page(browser, site)
    page.goto(site + "/us/")

    page.get_by_label("Search products").press_sequentially("walnut de", delay=30)

    options = page.locator("#search-suggestions option")
    expect(options.first).to_have_attribute("value", "Walnut desk lamp", timeout=5000)
    assert "Lumen" in options.evaluate_all("nodes => nodes.map(n => n.value)")
    page.close()

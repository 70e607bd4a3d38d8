"""The comparison table in a real browser: it scrolls inside its box on a phone, not the page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from devtools.testkit.browser import PHONE, SCREENSHOTS, open_page
from devtools.testkit.catalogue import manual, stock_catalogue
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: object) -> str:
    products = stock_catalogue()
    manual(
        [products[asin] for asin in sorted(products)],
        compare_attributes=["price", "saving", "brand", "availability", "sales_rank", "features"],
    )
    return str(live_server.url)  # type: ignore[attr-defined]


def test_the_table_scrolls_in_its_box_at_360_px(browser: Browser, site: str) -> None:
    page = open_page(browser, site, viewport=PHONE)
    page.goto(site + "/collections/hand-picked/compare/")
    page.wait_for_load_state("load")

    page_overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    box = page.locator(".table-scroll")
    box_overflow = box.evaluate("node => node.scrollWidth - node.clientWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "collection-compare-phone.png"), full_page=True)

    assert page_overflow <= 0, "the page scrolls sideways"
    assert box_overflow > 0, "six products should not fit in 360 px"
    # The box takes keyboard focus, so it scrolls from the keyboard too.
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    expect(box).to_be_focused()
    # Keyboard scrolling is animated: wait for it to move.
    page.wait_for_function(
        "() => document.querySelector('.table-scroll').scrollLeft > 0", timeout=3000
    )
    # The row headers stay in view while the products scroll past.
    header = page.get_by_role("rowheader", name="Brand")
    assert header.bounding_box()["x"] <= 20  # type: ignore[index]
    buy = page.get_by_role("link", name=re.compile(r"^Buy on Amazon\W+Walnut desk lamp, white$"))
    product = Product.objects.get(asin="B0LAMP0003")
    expect(buy).to_have_attribute("href", product.detail_page_url)
    expect(buy).to_have_attribute("rel", "sponsored nofollow noopener")
    page.close()


def test_the_pages_fit_a_phone_with_no_serious_accessibility_violations(
    browser: Browser, site: str
) -> None:
    axe = Axe()
    page = open_page(browser, site, viewport=PHONE)
    problems = []
    for path in (
        "/",
        "/us/collections/",
        "/collections/hand-picked/",
        "/collections/hand-picked/compare/",
    ):
        page.goto(site + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow} px")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']})")
    page.close()

    assert problems == []

"""The site's frame in Chromium: the header's navigation (a menu without JavaScript on
phones), the footer's pages at the foot of a short page, the favicon found."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ViewportSize, expect
from pytest_django.fixtures import Settings

from devtools.testkit.browser import DESKTOP, SCREENSHOTS, open_page
from devtools.testkit.catalogue import stock_catalogue
from products.category_totals.tasks import category_totals_refresh

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server: object, settings: Settings) -> str:
    settings.AMAZON_MARKETPLACES = ["US", "DE"]
    stock_catalogue()
    category_totals_refresh()
    return str(live_server.url)  # type: ignore[attr-defined]


def test_on_a_phone_the_menu_opens_without_javascript(browser: Browser, site: str) -> None:
    page = open_page(browser, site, viewport=PHONE_390, javascript=False)
    page.goto(site + "/us/")

    menu = page.locator(".nav-menu")
    expect(menu.locator("summary")).to_have_text("Menu")
    expect(menu.get_by_role("link", name="Kitchen")).to_be_hidden()
    expect(page.locator(".nav-bar")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Kitchen")).to_be_visible()
    expect(menu.get_by_role("link", name="Collections")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "navigation-menu-390.png"))
    menu.get_by_role("link", name="Kitchen").click()
    expect(page.locator("h1")).to_contain_text("Kitchen & Dining")
    page.close()


@pytest.mark.parametrize(("width", "viewport"), [("390", PHONE_390), ("1280", DESKTOP)])
def test_a_short_page_keeps_its_footer_at_the_foot_and_finds_its_icon(
    browser: Browser, site: str, width: str, viewport: ViewportSize
) -> None:
    page = open_page(browser, site, viewport=viewport)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site + "/de/pages/contact/")

    footer = page.locator(".site-footer")
    expect(footer.get_by_role("link", name="Datenschutz")).to_be_visible()
    box = footer.bounding_box()
    assert box is not None
    # The footer ends the page, and the page fills at least the screen.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert box["y"] + box["height"] == pytest.approx(height, abs=1)
    assert height >= viewport["height"]
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and page.request.get(site + icon).status == 200
    legacy = page.request.get(site + "/favicon.ico")
    assert legacy.status == 200 and legacy.headers["content-type"] == "image/svg+xml"
    assert failed == []
    if width == "1280":
        expect(page.locator(".nav-bar").get_by_role("link", name="Alle Produkte")).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page scrolls sideways"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"site-page-contact-de-{width}.png"))
    page.goto(site + "/us/")
    page.screenshot(path=str(SCREENSHOTS / f"home-frame-{width}.png"))
    page.close()

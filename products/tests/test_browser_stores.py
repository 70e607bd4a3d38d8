"""Switching store in a real browser: the header's control, with scripts switched off."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from devtools.testkit.browser import PHONE, SCREENSHOTS, open_page
from devtools.testkit.catalogue import UK_ASINS, US_ASINS, two_store_catalogue
from products.links import product_url
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: object, settings: Settings) -> str:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    two_store_catalogue()
    return str(live_server.url)  # type: ignore[attr-defined]


def shown_asins(page: Page) -> set[str]:
    paths = page.locator("main .box-link").evaluate_all("links => links.map(a => a.pathname)")
    return {path.split("/")[3].split("-")[0] for path in paths}


def test_a_visitor_switches_store_and_it_is_remembered(browser: Browser, site: str) -> None:
    page = open_page(browser, site, locale="en-US", javascript=False)
    page.goto(site + "/")
    expect(page).to_have_url(site + "/us/")
    page.goto(site + "/us/search/?q=kettle")
    expect(page.locator(".store-current")).to_have_text("amazon.com")
    assert shown_asins(page) == {"B0KETTLE01", "B0KETTLE02", "B0KETTLE03"}

    page.locator(".store-switch summary").click()
    page.get_by_role("link", name="amazon.co.uk").click()

    expect(page).to_have_url(site + "/uk/search/?q=kettle")
    expect(page.locator(".store-current")).to_have_text("amazon.co.uk")
    assert shown_asins(page) == {"B0KETTLE01", "B0UKKETTL2"} & UK_ASINS
    page.goto(site + "/")
    expect(page).to_have_url(site + "/uk/")
    assert shown_asins(page) == UK_ASINS
    page.close()


@pytest.mark.parametrize(
    ("locale", "store", "asins"), [("en-GB", "UK", UK_ASINS), ("en-US", "US", US_ASINS)]
)
def test_the_browsers_language_suggests_the_store(
    browser: Browser, site: str, locale: str, store: str, asins: set[str]
) -> None:
    page = open_page(browser, site, locale=locale)
    page.goto(site + "/")

    expect(page).to_have_url(f"{site}/{store.lower()}/")
    assert shown_asins(page) == asins
    page.close()


def test_the_switch_and_the_store_page_are_accessible(browser: Browser, site: str) -> None:
    page = open_page(browser, site, viewport=PHONE)
    problems = []
    for path in (
        "/us/",
        "/store/?next=/us/",
        product_url(Product.objects.get(marketplace="US", asin="B0KETTLE01")),
    ):
        page.goto(site + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways on a phone"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"store-{path.split('/')[1] or 'home'}-phone.png"))
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']})")
    page.close()

    assert problems == []

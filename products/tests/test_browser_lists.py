"""The deals and bestsellers pages in Chromium, on phones and a desktop, light and dark:
they fit the screen, load every asset, log no error and pass axe's serious checks."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize

from devtools.testkit.browser import DESKTOP, SCREENSHOTS, open_page
from devtools.testkit.catalogue import ago, stock_catalogue
from products.category_totals.tasks import category_totals_refresh
from products.models import Product

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS: dict[str, ViewportSize] = {
    "320": {"width": 320, "height": 640},
    "390": {"width": 390, "height": 844},
    "1280": DESKTOP,
}
PAGES = {"deals": "/us/deals/"}


@pytest.fixture
def site(live_server: object) -> str:
    stock_catalogue()
    deal: dict[str, Any] = {
        "badge": "Lightning Deal",
        "startTime": ago(hours=1).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endTime": ago(hours=-3).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "percentClaimed": 62,
    }
    Product.objects.filter(asin__in=["B0KETTLE03", "B0LAMP0002"]).update(deal=deal)
    category_totals_refresh()
    return str(live_server.url)  # type: ignore[attr-defined]


def wider_than_screen(page: Page) -> list[str]:
    """The elements reaching past the screen's right edge, to name in a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map(e => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 8)"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_list_pages_fit_load_cleanly_and_pass_axe(
    browser: Browser, site: str, name: str, width: str, scheme: str
) -> None:
    page = open_page(browser, site, viewport=VIEWPORTS[width])
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    page.goto(site + PAGES[name])
    page.wait_for_load_state("load")

    assert page.locator(".product-box").count() > 0
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways at {width} px: {wider_than_screen(page)}"
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert errors == []
    assert failed == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    page.close()

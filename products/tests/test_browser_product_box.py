"""The product box in Chromium: titles clamped, and the prices of a row on one line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from devtools.testkit.browser import DESKTOP, SCREENSHOTS, open_page
from devtools.testkit.catalogue import ago, fresh, image, manual, stale

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390: ViewportSize = {"width": 390, "height": 844}
LONG = "with a title as long as Amazon's often are, naming every use, size and colour it has " * 2


@pytest.fixture
def site(live_server: object) -> str:
    deal = {
        "badge": "Lightning Deal",
        "startTime": ago(hours=1).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endTime": (ago(hours=-3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "percentClaimed": 62,
    }
    rows: list[dict[str, Any]] = [
        {"title": f"Zephyr kettle {LONG}", "rating_value": Decimal("4.5"), "rating_count": 12873},
        {
            "title": "Zephyr mug",
            "savings_percent": 20,
            "savings_amount": Decimal("2.50"),
            "savings_basis_amount": Decimal("12.50"),
            "deal": deal,
        },
        {"title": f"Zephyr toaster {LONG}", "brand": ""},
        {
            "title": "Zephyr lamp, two lines at most on a wide screen",
            "rating_value": Decimal("3"),
            "rating_count": 4,
        },
        {"title": f"Zephyr fan {LONG}", "price_amount": None, "price_currency": ""},
        {
            "title": "Zephyr clock",
            "rating_value": Decimal("4.9"),
            "rating_count": 310,
            "savings_percent": 35,
            "savings_basis_amount": Decimal("15.40"),
        },
        {"title": f"Zephyr radio {LONG}", "stale": True},
        {"title": "Zephyr scale", "rating_value": Decimal("4.1"), "rating_count": 1},
    ]
    products = []
    for number, row in enumerate(rows):
        asin = f"B0BOXVIEW{number}"
        make = stale if row.pop("stale", False) else fresh
        products.append(
            make(asin=asin, images={"primary": image(asin).sizes}, sales_rank=number + 1, **row)
        )
    manual(products[:4], slug="side-by-side", title="Side by side")
    return str(live_server.url)  # type: ignore[attr-defined]


def box_geometry(page: Page) -> list[dict[str, Any]]:
    return page.locator(".product-box").evaluate_all(
        """boxes => boxes.map(box => {
          const title = box.querySelector('.box-title');
          const price = box.querySelector('.box-price');
          const lineHeight = parseFloat(getComputedStyle(title).lineHeight);
          return {
            top: Math.round(box.getBoundingClientRect().top),
            titleLines: title.getBoundingClientRect().height / lineHeight,
            clamped: title.scrollHeight > title.clientHeight + 1,
            priceTop: price ? Math.round(price.getBoundingClientRect().top) : null,
          };
        })"""
    )


def rows_of(geometry: list[dict[str, Any]], *, by: str) -> dict[int, set[int]]:
    rows: dict[int, set[int]] = {}
    for box in geometry:
        rows.setdefault(box[by], set()).add(box["priceTop"])
    return rows


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_titles_are_clamped_and_prices_of_a_row_line_up(
    browser: Browser, site: str, viewport: ViewportSize
) -> None:
    page = open_page(browser, site, viewport=viewport)
    page.goto(site + "/us/search/?q=Zephyr")

    geometry = box_geometry(page)

    assert len(geometry) == 8
    assert all(abs(box["titleLines"] - 3) < 0.05 for box in geometry), geometry
    assert sum(box["clamped"] for box in geometry) >= 4, "the long titles are cut at 3 lines"
    rows = rows_of(geometry, by="top")
    assert len(rows) >= (2 if viewport is DESKTOP else 4)
    assert all(len(prices) == 1 for prices in rows.values()), rows
    as_of = page.locator(".box-as-of").evaluate_all(
        "lines => lines.map(p => p.getBoundingClientRect().height)"
    )
    assert as_of and max(as_of) < 20, "the price's time holds one line"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(
        path=str(SCREENSHOTS / f"product-boxes-{viewport['width']}.png"), full_page=True
    )


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390", "1280"])
def test_the_compare_table_lines_up_the_prices_of_its_boxes(
    browser: Browser, site: str, viewport: ViewportSize
) -> None:
    page = open_page(browser, site, viewport=viewport)
    page.goto(site + "/collections/side-by-side/compare/")

    geometry = box_geometry(page)

    assert len(geometry) == 4
    assert len({box["priceTop"] for box in geometry}) == 1, geometry
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(
        path=str(SCREENSHOTS / f"compare-boxes-{viewport['width']}.png"), full_page=True
    )

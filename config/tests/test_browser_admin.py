"""The admin in Chromium under the site's CSP: every page without a console error, the
category tree indented, the collection form showing only its kind's sections."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from devtools.testkit.browser import DESKTOP, SCREENSHOTS, open_page
from devtools.testkit.catalogue import manual, stock_catalogue
from ingestion.access import access_denied
from ingestion.models import RUN_COUNTERS, IngestionRun, Watchlist
from products.models import Category, Product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: object) -> str:
    products = stock_catalogue()
    manual(list(products.values()))
    Watchlist.objects.create(name="Lamps", keywords="lamp")
    IngestionRun.objects.create(kind=IngestionRun.Kind.IMPORT, requested=[["US", "B0KETTLE01"]])
    IngestionRun.objects.create(
        kind=IngestionRun.Kind.WATCHLIST,
        status=IngestionRun.Status.PARTIAL,
        description="Walnut desk lamps with a long description that wraps " * 4,
        **dict.fromkeys(RUN_COUNTERS, 123456),
    )
    access_denied(region="EU", reason="AssociateNotEligible", message="Not enough sales.")
    User.objects.create_superuser("boss", "boss@example.com", "right-password")
    return str(live_server.url)  # type: ignore[attr-defined]


class Console:
    """Every console error and uncaught exception of a page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))


@pytest.fixture
def signed_in(browser: Browser, site: str) -> Iterator[tuple[Page, Console]]:
    page = open_page(browser, site, viewport=DESKTOP)
    console = Console(page)
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("right-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    yield page, console
    page.close()


def admin_pages() -> list[str]:
    """The index, and every registered model's list, add form and first change form."""
    superuser = RequestFactory().get("/")
    superuser.user = User.objects.get(username="boss")
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(superuser):
            pages.append(reverse(f"{prefix}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{prefix}_change", args=[first.pk]))
    pages.append(reverse("admin:ingestion_ingestionrun_import"))
    return pages


def test_no_admin_page_logs_a_console_error(signed_in: tuple[Page, Console], site: str) -> None:
    page, console = signed_in
    visited = []
    for path in admin_pages():
        response = page.goto(site + path)
        page.wait_for_load_state("load")
        visited.append((path, response.status if response else None))

    assert len(visited) > 30
    assert [v for v in visited if v[1] not in (200, 403)] == []
    assert console.errors == [], "\n".join(console.errors)


def test_the_category_tree_is_indented_by_depth(signed_in: tuple[Page, Console], site: str) -> None:
    page, console = signed_in
    page.goto(site + reverse("admin:products_category_changelist"))

    indents = page.locator(".field-indented_name span").evaluate_all(
        "spans => spans.map(s => [s.textContent, parseFloat(getComputedStyle(s).paddingLeft)])"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-category-tree.png"))

    depths = dict(Category.objects.values_list("name", "depth"))
    unit = max(padding for _, padding in indents) / max(depths.values())
    assert len(indents) == len(depths) and max(depths.values()) >= 1 and unit > 0
    assert {name: padding / unit for name, padding in indents} == depths
    assert console.errors == []


def test_the_collection_form_shows_only_its_kinds_sections(
    signed_in: tuple[Page, Console], site: str
) -> None:
    page, console = signed_in
    page.goto(site + reverse("admin:collections_collection_add"))
    rule_section = page.locator("fieldset.kind-rule")
    items = page.locator("fieldset.kind-manual")

    expect(items).to_be_visible()
    expect(rule_section).to_be_hidden()
    page.get_by_label("Kind").select_option("rule")
    expect(rule_section).to_be_visible()
    expect(items).to_be_hidden()
    page.get_by_label("Kind").select_option("manual")
    expect(items).to_be_visible()
    assert console.errors == []


def fits_at_1280(page: Page) -> tuple[int, int, float]:
    """How far the page and the results box scroll sideways, and the table's right edge."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    results = page.locator("#changelist .results")
    inner = results.evaluate("box => box.scrollWidth - box.clientWidth")
    box = page.locator("#result_list").bounding_box()
    assert box is not None
    return overflow, inner, box["x"] + box["width"]


def test_the_run_list_shows_every_counter_at_1280_px(
    signed_in: tuple[Page, Console], site: str
) -> None:
    page, console = signed_in
    page.goto(site + reverse("admin:ingestion_ingestionrun_changelist"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-runs-1280.png"), full_page=True)

    overflow, inner, right = fits_at_1280(page)
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert overflow <= 0 and inner <= 0 and right <= DESKTOP["width"]
    for header in ("REQUESTS", "429S", "NEW", "UPDATED", "SAME", "FAILED"):
        assert header in [h.strip().upper() for h in headers]
    expect(page.locator("td.field-failed").first).to_be_in_viewport()
    assert console.errors == []


def test_the_product_list_fits_1280_px_with_its_editable_boxes_in_view(
    signed_in: tuple[Page, Console], site: str
) -> None:
    page, console = signed_in
    Product.objects.filter(asin="B0KETTLE01").update(
        title="An exceedingly long kettle title that would wrap over many lines " * 6
    )
    page.goto(site + reverse("admin:products_product_changelist"))
    page.screenshot(path=str(SCREENSHOTS / "admin-products-1280.png"), full_page=True)

    overflow, inner, right = fits_at_1280(page)
    long_title = page.locator("td.field-short_title, th.field-short_title").first
    title_height = long_title.bounding_box()["height"]  # type: ignore[index]
    assert overflow <= 0 and inner <= 0 and right <= DESKTOP["width"]
    for column in ("field-price_time", "field-published", "field-featured"):
        expect(page.locator(f"td.{column}").first).to_be_in_viewport()
    assert title_height < 70, "the title is clamped to two lines"
    thumbs = page.locator("img.thumb")
    assert thumbs.count() == Product.objects.count()
    assert console.errors == []


def test_adding_products_to_a_collection_in_the_browser(
    signed_in: tuple[Page, Console], site: str
) -> None:
    page, console = signed_in
    target = manual([], title="Kettles to try", slug="kettles-to-try")
    page.goto(site + reverse("admin:products_product_changelist") + "?q=kettle")
    page.locator("#result_list tbody input.action-select").first.check()
    page.locator("#result_list tbody input.action-select").nth(1).check()
    page.locator("select[name=action]").select_option("add_to_collection")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Collection").select_option(label="Kettles to try (US, /kettles-to-try/)")
    page.get_by_role("button", name="Add to the collection").click()

    expect(page.locator(".messagelist .success")).to_contain_text(
        "2 product(s) added to Kettles to try"
    )
    assert target.items.count() == 2
    assert console.errors == []


def test_the_product_page_shows_previews_and_no_stray_history_row(
    signed_in: tuple[Page, Console], site: str
) -> None:
    page, console = signed_in
    product = Product.objects.get(asin="B0KETTLE01")
    page.goto(site + reverse("admin:products_product_change", args=[product.pk]))
    page.screenshot(path=str(SCREENSHOTS / "admin-product-page-1280.png"), full_page=True)

    history_rows = page.locator("#price_history-group tbody tr:visible")
    expect(page.locator(".image-previews img")).to_have_count(2)
    expect(page.get_by_role("button", name="Refresh now")).to_be_visible()
    assert history_rows.count() == product.price_history.count()
    # Django repeats each read-only row's name in a line of its own above the row.
    expect(page.locator("#price_history-group td.original p").first).to_be_hidden()
    for row in history_rows.all():
        assert row.inner_text().strip(), "an empty row in the price history"
    assert console.errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_the_dashboard_fits_the_screen(browser: Browser, site: str, width: int) -> None:
    page = open_page(browser, site, viewport={"width": width, "height": 900})
    console = Console(page)
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("right-password")
    page.get_by_role("button", name="Log in").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-dashboard-{width}.png"), full_page=True)

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(page.locator("#dashboard-stores")).to_contain_text("Published products per store")
    expect(page.get_by_role("link", name="Import ASINs or URLs")).to_be_visible()
    assert console.errors == []
    page.close()

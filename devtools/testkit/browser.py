"""Debian's Chromium driven by Playwright, as the browser tests use it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-output" / "screenshots"
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

# Requests to anything but the test server (Amazon's image hosts) are answered locally
# with an empty image, so the tests never wait on a network this machine does not have.
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    # Playwright's sync API keeps an event loop on this thread; the test's own database
    # reads are still synchronous, which Django allows only when told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: Browser,
    site: str,
    *,
    viewport: ViewportSize = DESKTOP,
    locale: str | None = None,
    javascript: bool = True,
) -> Page:
    """A new page that reaches only `site`; every other request gets an empty image."""
    page = browser.new_page(viewport=viewport, locale=locale, java_script_enabled=javascript)
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site)
            else route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)
        ),
    )
    return page

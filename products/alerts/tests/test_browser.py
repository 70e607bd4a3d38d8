"""A visitor sets an alert from a cached product page, confirms it and cancels it, in Chromium."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from devtools.testkit.alerts import link_in
from devtools.testkit.catalogue import product_at
from products.alerts.models import Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_from_a_cached_page_confirm_and_cancel(
    browser: Browser, live_server: object
) -> None:
    site = str(live_server.url)  # type: ignore[attr-defined]
    product = product_at("24.99")
    page = browser.new_page()
    # Requests beyond the test server (Amazon's image hosts) are refused at once.
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(site) else route.abort(),
    )
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(site + product.get_absolute_url())
    response = page.goto(site + product.get_absolute_url())
    assert response is not None and response.headers["x-cache"] == "hit"

    page.get_by_label("Email address").fill("iris@example.com")
    page.get_by_label("when the price reaches my target").check()
    page.get_by_label("Target price (USD), for a target alert").fill("20")
    page.get_by_role("button", name="Email me").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    [message] = mail.outbox
    page.goto(site + link_in(message, "confirm"))
    page.get_by_role("button", name="Confirm the alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your price alert is on")
    assert Subscription.objects.get().confirmed_at is not None

    page.get_by_role("link", name="See or cancel all your price alerts").click()
    page.get_by_role("button", name=f"Cancel the alert for {product.title}").click()
    expect(page.get_by_role("status")).to_have_text("Cancelled 1 alert.")
    assert not Subscription.objects.exists()
    assert violations == []
    page.close()

"""Losing API access, by a 403 or by refused credentials: requests stop, the admin says why
and since when, the site keeps serving without stale prices, and a probe resumes ingestion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.fixtures import Settings

from devtools.testkit.sandbox import import_asins
from ingestion.access import PROBE_INTERVAL, api_access
from ingestion.jobs import prices_refresh
from ingestion.models import ApiAccess, IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "c@example.com", "pw"))
    return client


@pytest.fixture
def us_only(settings: Settings) -> None:
    """One store, so one credential: losing its access pauses every scheduled refresh."""
    settings.AMAZON_MARKETPLACES = ["US"]


def calls(sandbox: SandboxServer) -> tuple[int, int]:
    """API requests and token requests the sandbox has answered."""
    stats = sandbox.stats()
    tokens = sum(stats["events"].get(name, 0) for name in ("tokens_issued", "tokens_refused"))
    return stats["requests"], tokens


def stale_prices(hours: float = 2) -> None:
    Product.objects.update(price_as_of=timezone.now() - timedelta(hours=hours))


def probe_due() -> None:
    ApiAccess.objects.update(checked_at=timezone.now() - PROBE_INTERVAL - timedelta(minutes=1))


def test_credentials_the_token_endpoint_refuses_stop_requests_until_the_probe_succeeds(
    creators_api: SandboxServer, staff: Client, us_only: None
) -> None:
    # GIVEN a working catalogue WHEN Amazon stops accepting the credentials (rotated or
    # revoked) and the token in hand expires
    import_asins(creators_api, 2)
    stale_prices()
    creators_api.configure(credentials=["NA:rotated-id:rotated-secret"])
    creators_api.expire_tokens()

    failed = prices_refresh(max_batches=1)
    after_failure = calls(creators_api)
    paused = prices_refresh(max_batches=1)

    # THEN the run says why, access is recorded as lost with Amazon's reason and the time...
    assert failed is not None and failed.status == IngestionRun.Status.FAILED
    assert "refused the NA credential for US" in failed.message
    access = api_access("NA")
    assert access.blocked and access.reason == "invalid_client"
    assert access.since is not None and timezone.now() - access.since < timedelta(minutes=1)
    assert creators_api.stats()["events"]["tokens_refused"] == 1
    # ...the next scheduled refresh sends nothing, not even a token request...
    assert paused is None, "a paused refresh records no run"
    assert calls(creators_api) == after_failure
    # ...and the admin shows the reason and the time.
    page = staff.get(reverse("admin:index")).content.decode()
    assert "Creators API access lost" in page
    assert "invalid_client" in page
    assert f"{access.since:%Y %H:%M}" in page

    # WHEN the credentials work again and the probe is due THEN ingestion resumes by itself.
    creators_api.configure(credentials=[])
    probe_due()
    resumed = prices_refresh(max_batches=1)

    assert resumed is not None and resumed.status == IngestionRun.Status.SUCCEEDED
    assert not api_access("NA").blocked
    assert "access lost" not in staff.get(reverse("admin:index")).content.decode()


def test_a_401_invalid_client_after_a_fresh_token_stops_requests_until_staff_try_again(
    creators_api: SandboxServer, staff: Client, us_only: None
) -> None:
    import_asins(creators_api, 2)
    stale_prices()
    creators_api.configure(credentials_refused=True)
    before = creators_api.stats()

    failed = prices_refresh(max_batches=1)
    after_failure = calls(creators_api)
    paused = prices_refresh(max_batches=1)

    assert failed is not None and failed.status == IngestionRun.Status.FAILED
    assert "refused the NA credential for US" in failed.message
    access = api_access("NA")
    assert access.blocked and access.reason == "InvalidClient"
    # One 401, one token refresh, one more 401 with the fresh token; then nothing.
    after = creators_api.stats()
    assert after["by_status"]["401"] - before["by_status"].get("401", 0) == 2
    assert after["events"]["tokens_issued"] - before["events"]["tokens_issued"] == 1
    assert paused is None, "a paused refresh records no run"
    assert calls(creators_api) == after_failure

    # Staff who fixed the credentials need not wait for the probe: "Try the API again now".
    creators_api.configure(credentials_refused=False)
    staff.post(
        reverse("admin:ingestion_apiaccess_changelist"),
        {"action": "allow_again", "_selected_action": [access.pk]},
    )
    resumed = prices_refresh(max_batches=1)

    assert resumed is not None and resumed.status == IngestionRun.Status.SUCCEEDED
    assert not api_access("NA").blocked


def test_with_access_lost_and_prices_past_their_age_the_site_serves_without_prices(
    creators_api: SandboxServer, client: Client
) -> None:
    [asin] = import_asins(creators_api, 1)
    stale_prices()
    creators_api.configure(access_denied=True)
    prices_refresh(max_batches=1)
    assert api_access("NA").blocked
    stale_prices(hours=settings.PRICE_MAX_AGE / 3600 + 1)
    product = Product.objects.get(asin=asin)
    assert product.price_display and product.detail_page_url.startswith("https://www.amazon.com/")

    page = client.get(product.get_absolute_url())
    record = client.get(f"/api/v1/products/{product.marketplace}/{asin}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "See price on Amazon" in html
    # The price history may list it as history; no current price may show it.
    assert f'<span class="amount">{product.price_display}' not in html
    assert f'href="{escape(product.detail_page_url)}" rel="sponsored nofollow noopener"' in html
    assert record.status_code == 200
    data = record.json()
    assert data["price"] is None and data["availability"] is None and data["savings"] is None
    assert data["detail_page_url"] == product.detail_page_url

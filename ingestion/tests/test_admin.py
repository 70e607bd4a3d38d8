"""Staff tools for ingestion in the admin."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from devtools.testkit.catalogue import ProductFactory
from ingestion.access import PROBE_INTERVAL, access_denied
from ingestion.models import ApiAccess, IngestionRun, Watchlist

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:ingestion_ingestionrun_import"


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "c@example.com", "pw"))
    return client


def test_import_form_queues_valid_entries_and_lists_each_refused_one(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    entries = "B000000001\nhttps://www.amazon.com/dp/B000000002?th=1, junk\nhttps://amzn.to/xyz"
    with (
        mock.patch("ingestion.tasks.items_import.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = staff.post(reverse(IMPORT_URL), {"entries": entries, "marketplace": "US"})

    assert page.status_code == 200
    run = IngestionRun.objects.get()
    assert run.requested == [["US", "B000000001"], ["US", "B000000002"]]
    delay.assert_called_once_with(run.pk)
    content = page.content.decode()
    assert "2 entries were not imported" in content
    assert "<code>junk</code>" in content and "amzn.to" in content
    assert f"run #{run.pk}" in content


def test_import_form_with_only_valid_entries_goes_to_the_run(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with (
        mock.patch("ingestion.tasks.items_import.delay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = staff.post(reverse(IMPORT_URL), {"entries": "B000000001", "marketplace": "US"})

    run = IngestionRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ingestion_ingestionrun_change", args=[run.pk])


@pytest.mark.parametrize(
    ("entries", "marketplace", "error"),
    [
        ("", "US", "This field is required"),
        ("   ,, ", "US", "Give at least one ASIN"),
        ("B000000001", "JP", "Select a valid choice"),
        (" ".join(["B000000001"] * 1001), "US", "at most 1000"),
    ],
)
def test_import_form_refuses_bad_input(
    staff: Client, entries: str, marketplace: str, error: str
) -> None:
    page = staff.post(reverse(IMPORT_URL), {"entries": entries, "marketplace": marketplace})

    assert page.status_code == 200
    assert error in page.content.decode()
    assert not IngestionRun.objects.exists()


def test_import_form_with_nothing_valid_queues_nothing(staff: Client) -> None:
    with mock.patch("ingestion.tasks.items_import.delay") as delay:
        page = staff.post(reverse(IMPORT_URL), {"entries": "junk", "marketplace": "US"})

    assert "1 entry was not imported" in page.content.decode()
    assert not IngestionRun.objects.exists()
    delay.assert_not_called()


def test_quota_fit_warns_when_the_catalogue_outgrows_the_quota(
    staff: Client, settings: Settings
) -> None:
    settings.CREATORS_API_TPS = 1.0
    settings.CREATORS_API_TPD = 2
    ProductFactory.create_batch(19)

    page = staff.get(reverse("admin:ingestion_ingestionrun_changelist")).content.decode()

    # 2 requests a day, 90 % of it for refreshes, is 1 request of 10 items.
    assert "The NA credential's quota (US) can refresh <strong>10</strong> items" in page
    assert "<strong>19</strong> published items" in page
    assert "outgrown the NA quota" in page


def test_quota_fit_is_quiet_when_the_catalogue_fits(staff: Client) -> None:
    ProductFactory.create_batch(3)

    page = staff.get(reverse("admin:ingestion_ingestionrun_changelist")).content.decode()

    assert "<strong>77,760</strong> items per 24 hours" in page
    assert "outgrown" not in page


def test_refresh_now_queues_an_import_per_store(
    staff: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    us = ProductFactory.create(marketplace="US")
    uk = ProductFactory.create(marketplace="UK")
    other = ProductFactory.create(marketplace="US")

    with (
        mock.patch("ingestion.tasks.items_import.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff.post(
            reverse("admin:products_product_changelist"),
            {"action": "refresh_now", "_selected_action": [us.pk, uk.pk]},
        )

    runs = IngestionRun.objects.order_by("pk")
    assert [run.requested for run in runs] == [[["UK", uk.asin]], [["US", us.asin]]]
    assert delay.call_count == 2
    assert other.asin not in str([run.requested for run in runs])


def test_refresh_now_says_which_products_are_in_stores_not_carried(staff: Client) -> None:
    de = ProductFactory.create(marketplace="DE")

    with mock.patch("ingestion.tasks.items_import.delay") as delay:
        response = staff.post(
            reverse("admin:products_product_changelist"),
            {"action": "refresh_now", "_selected_action": [de.pk]},
            follow=True,
        )

    assert (
        f"1 product(s) refused: {de.asin} (DE) not refreshed: its store is not carried"
        in response.content.decode()
    )
    delay.assert_not_called()


def test_run_page_shows_errors_and_refused_entries(staff: Client) -> None:
    run = IngestionRun.objects.create(
        kind=IngestionRun.Kind.IMPORT,
        errors=[{"item": "B0BADBADBA", "code": "ItemNotFound", "message": "<b>gone</b>"}],
        refused=[{"entry": "junk", "message": "Not an ASIN"}],
    )

    page = staff.get(reverse("admin:ingestion_ingestionrun_change", args=[run.pk]))

    content = page.content.decode()
    assert "B0BADBADBA" in content and "ItemNotFound" in content
    assert "&lt;b&gt;gone&lt;/b&gt;" in content
    assert "<code>junk</code>" in content


def test_runs_cannot_be_added_or_edited(staff: Client) -> None:
    run = IngestionRun.objects.create(kind=IngestionRun.Kind.REFRESH)

    assert staff.get(reverse("admin:ingestion_ingestionrun_add")).status_code == 403
    response = staff.post(
        reverse("admin:ingestion_ingestionrun_change", args=[run.pk]), {"status": "failed"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({}, "keywords", "Give keywords, a browse node or a search index."),
        ({"browse_node_id": "12ab"}, "browse_node_id", "digits only"),
        # Arabic-Indic digits: str.isdigit() accepts them
        ({"browse_node_id": "\u0661\u0662"}, "browse_node_id", "digits only"),
        ({"keywords": "lamp", "pages": "11"}, "pages", "less than or equal to 10"),
        ({"keywords": "lamp", "pages": "0"}, "pages", "greater than or equal to 1"),
    ],
)
def test_watchlist_form_refuses_bad_input(
    staff: Client, fields: dict[str, str], field: str, error: str
) -> None:
    form = {"name": "Lamps", "marketplace": "US", "pages": "1", "active": "on", **fields}

    page = staff.post(reverse("admin:ingestion_watchlist_add"), form)

    assert page.status_code == 200
    assert error in " ".join(page.context["adminform"].form.errors[field])
    assert not Watchlist.objects.exists()


def test_run_watchlist_now_queues_it(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    watchlist = Watchlist.objects.create(name="Lamps", keywords="lamp")

    with (
        mock.patch("ingestion.tasks.watchlist_run.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff.post(
            reverse("admin:ingestion_watchlist_changelist"),
            {"action": "run_now", "_selected_action": [watchlist.pk]},
        )

    delay.assert_called_once_with(watchlist.pk)


def test_the_admin_says_when_amazon_withdrew_access(staff: Client) -> None:
    access_denied(region="EU", reason="AssociateNotEligible", message="Not enough sales.")

    page = staff.get(reverse("admin:index")).content.decode()

    assert "Creators API access lost for the EU credential" in page
    assert "AssociateNotEligible" in page
    assert "CREATORS_API_EU_CREDENTIAL_ID" in page


def test_no_banner_while_access_is_allowed(staff: Client) -> None:
    assert "access lost" not in staff.get(reverse("admin:index")).content.decode()


def test_the_admin_says_when_the_api_is_not_configured(staff: Client, settings: Settings) -> None:
    settings.AMAZON_PARTNER_TAGS = {}
    settings.CREATORS_API_CREDENTIALS = {}

    page = staff.get(reverse("admin:index")).content.decode()

    assert "Ingestion is not configured" in page
    assert "AMAZON_PARTNER_TAGS (US)" in page
    assert "CREATORS_API_NA_CREDENTIAL_ID" in page


def test_no_configuration_warning_when_configured(staff: Client, settings: Settings) -> None:
    settings.AMAZON_PARTNER_TAGS = {"US": "tag-20"}
    settings.CREATORS_API_CREDENTIALS = {
        "NA": {"credential_id": "id", "credential_secret": "secret", "version": "3.1"}
    }

    assert "not configured" not in staff.get(reverse("admin:index")).content.decode()


def test_the_access_lost_banner_is_short_links_its_action_and_fills_its_dates(
    staff: Client,
) -> None:
    access_denied(region="NA", reason="AssociateNotEligible", message="Not enough sales.")
    access = ApiAccess.objects.get(region="NA")
    next_check = access.checked_at + PROBE_INTERVAL  # type: ignore[operator]

    before = staff.get(reverse("admin:index")).content.decode()
    try_again = reverse("admin:ingestion_apiaccess_try_again", args=["NA"])
    after_click = staff.post(try_again, follow=True)
    after = after_click.content.decode()

    assert f"Next automatic check: {next_check:%-d %b %Y %H:%M} UTC" in before
    assert f'action="{try_again}"' in before and ">try the API again now</button>" in before
    assert after_click.redirect_chain[-1][0] == reverse("admin:ingestion_apiaccess_changelist")
    assert ApiAccess.objects.get(region="NA").checked_at is None
    assert "Next automatic check: the next run." in after
    assert "(last )" not in after and "(last )" not in before


def test_trying_the_api_again_takes_a_post(staff: Client) -> None:
    access_denied(region="NA", reason="AssociateNotEligible", message="")

    page = staff.get(reverse("admin:ingestion_apiaccess_try_again", args=["NA"]))

    assert page.status_code == 405
    assert ApiAccess.objects.get(region="NA").checked_at is not None


def test_a_watchlist_page_has_a_run_now_button_that_queues_it(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    watchlist = Watchlist.objects.create(name="Lamps", keywords="lamp")
    run_url = reverse("admin:ingestion_watchlist_run", args=[watchlist.pk])

    page = staff.get(reverse("admin:ingestion_watchlist_change", args=[watchlist.pk]))
    with (
        mock.patch("ingestion.tasks.watchlist_run.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        queued = staff.post(run_url)

    assert f'action="{run_url}"' in page.content.decode()
    assert queued.status_code == 302
    delay.assert_called_once_with(watchlist.pk)


def test_the_product_page_has_a_refresh_now_button_that_queues_its_import(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    product = ProductFactory.create()
    refresh_url = reverse("admin:products_product_refresh", args=[product.pk])

    page = staff.get(reverse("admin:products_product_change", args=[product.pk]))
    with (
        mock.patch("ingestion.tasks.items_import.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        queued = staff.post(refresh_url, follow=True)

    assert f'action="{refresh_url}"' in page.content.decode()
    run = IngestionRun.objects.get()
    assert run.requested == [["US", product.asin]]
    delay.assert_called_once_with(run.pk)
    assert "Refresh queued" in queued.content.decode()

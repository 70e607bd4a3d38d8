"""Ingestion runs against the sandbox over HTTP, through the real client library and quota."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.sandbox import import_asins, sent
from ingestion.access import api_access
from ingestion.jobs import browse_nodes_refresh, prices_refresh, watchlist_run
from ingestion.models import IngestionRun, Watchlist
from ingestion.sandbox import SandboxServer
from products.models import Category, PriceObservation, Product
from products.records import Availability

pytestmark = pytest.mark.django_db


def test_ingest_asins_stores_items_and_reports_each_refused_entry(
    creators_api: SandboxServer,
) -> None:
    catalogue = creators_api.catalogue
    good = [catalogue.asin(i) for i in range(1, 13)]
    unknown = catalogue.asin(catalogue.size + 500)
    out, err = StringIO(), StringIO()

    call_command(
        "ingest_asins",
        *good,
        f"https://www.amazon.co.uk/dp/{good[0]}",
        unknown,
        "not-an-asin",
        stdout=out,
        stderr=err,
    )

    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.PARTIAL
    assert Product.objects.filter(marketplace="US").count() == 12
    assert Product.objects.filter(marketplace="UK", asin=good[0]).exists()
    # 13 US ASINs go in two requests of 10 and 3; the UK one in its own.
    assert run.api_requests == 3 == sent(creators_api)
    assert [(e["item"], e["code"]) for e in run.errors] == [(unknown, "ItemNotFound")]
    assert [r["entry"] for r in run.refused] == ["not-an-asin"]
    assert "refused 'not-an-asin'" in err.getvalue()
    assert "13 created" in out.getvalue()
    product = Product.objects.get(marketplace="US", asin=good[1])
    assert product.title.startswith("Sandbox")
    assert "catalogtest-20" in product.detail_page_url
    assert product.price_history.count() == 1


def test_ingest_asins_with_nothing_valid_is_an_error(creators_api: SandboxServer) -> None:
    with pytest.raises(CommandError, match="nothing to import"):
        call_command("ingest_asins", "junk", "https://example.com/dp/B000000000", stderr=StringIO())
    assert sent(creators_api) == 0


def test_ingest_asins_refuses_a_store_not_carried(creators_api: SandboxServer) -> None:
    with pytest.raises(CommandError, match="--marketplace DE is not carried"):
        call_command("ingest_asins", "B000000001", "--marketplace", "DE")


def test_refresh_takes_the_oldest_prices_first_in_full_batches(
    creators_api: SandboxServer,
) -> None:
    asins = import_asins(creators_api, 25)
    now = timezone.now()
    for age, asin in enumerate(asins):
        Product.objects.filter(asin=asin).update(price_as_of=now - timedelta(hours=30 + age))
    before = sent(creators_api)

    run = prices_refresh(max_batches=2)

    assert run is not None and run.status == IngestionRun.Status.SUCCEEDED
    assert sent(creators_api) - before == 2 == run.api_requests
    assert run.items_seen == 20
    refreshed = set(Product.objects.filter(price_as_of__gte=now).values_list("asin", flat=True))
    assert refreshed == set(asins[5:])


def test_an_item_amazon_stops_serving_is_kept_and_marked_unavailable(
    creators_api: SandboxServer,
) -> None:
    catalogue = creators_api.catalogue
    restricted = catalogue.asin(catalogue.restricted_range.start)
    Product.objects.create(marketplace="US", asin=restricted, title="Old", price_amount=5)

    run = prices_refresh(max_batches=1)

    assert run is not None
    product = Product.objects.get(asin=restricted)
    assert product.availability == Availability.UNAVAILABLE
    assert product.price_amount is None
    assert [(e["item"], e["code"]) for e in run.errors] == [(restricted, "ItemNotAccessible")]


def test_losing_access_stops_requests_and_keeps_the_catalogue(
    creators_api: SandboxServer, settings: Settings
) -> None:
    settings.AMAZON_MARKETPLACES = ["US"]
    import_asins(creators_api, 3)
    Product.objects.update(price_as_of=timezone.now() - timedelta(hours=2))
    creators_api.configure(access_denied=True)

    first = prices_refresh(max_batches=1)
    requests_after_first = sent(creators_api)
    second = prices_refresh(max_batches=1)

    assert first is not None and first.status == IngestionRun.Status.FAILED
    assert "AssociateNotEligible" in first.message
    access = api_access("NA")
    assert access.blocked and access.reason == "AssociateNotEligible"
    assert second is None, "a paused scheduled refresh records no run"
    # A watchlist staff start by hand says why it sent nothing.
    by_hand = watchlist_run(Watchlist.objects.create(name="Kettles", keywords="kettle").pk)
    assert by_hand.status == IngestionRun.Status.FAILED
    assert "no request was sent" in by_hand.message
    assert sent(creators_api) == requests_after_first
    assert Product.objects.count() == 3


def test_access_returning_is_noticed_by_the_next_probe(
    creators_api: SandboxServer, settings: Settings
) -> None:
    settings.AMAZON_MARKETPLACES = ["US"]
    import_asins(creators_api, 2)
    Product.objects.update(price_as_of=timezone.now() - timedelta(hours=2))
    creators_api.configure(access_denied=True)
    prices_refresh(max_batches=1)
    creators_api.configure(access_denied=False)
    access = api_access("NA")
    access.checked_at = timezone.now() - timedelta(hours=7)
    access.save()

    run = prices_refresh(max_batches=1)

    assert run is not None and run.status == IngestionRun.Status.SUCCEEDED
    assert not api_access("NA").blocked


def test_missing_credentials_fail_the_run_with_a_clear_message(
    creators_api: SandboxServer, settings: Settings
) -> None:
    settings.AMAZON_PARTNER_TAGS = {}
    settings.CREATORS_API_CREDENTIALS = {}

    with pytest.raises(CommandError, match=r"AMAZON_PARTNER_TAGS \(US\), CREATORS_API_NA_CRED"):
        call_command("ingest_asins", creators_api.catalogue.asin(1), stdout=StringIO())

    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED
    assert run.message.startswith("Not configured")
    assert sent(creators_api) == 0


def test_wrong_credentials_fail_the_run_without_retrying(
    creators_api: SandboxServer,
) -> None:
    creators_api.configure(credentials=["NA:someone-else:x"])

    with pytest.raises(CommandError, match="refused the NA credential for US"):
        call_command("ingest_asins", creators_api.catalogue.asin(1), stdout=StringIO())


def test_throttled_requests_wait_as_told_and_lose_nothing(
    creators_api: SandboxServer,
) -> None:
    # Amazon's limit (2 per second) is lower than the one configured here (50).
    creators_api.configure(tps=2, burst=1)
    catalogue = creators_api.catalogue
    asins = [catalogue.asin(i) for i in range(1, 41)]

    call_command("ingest_asins", *asins, stdout=StringIO())

    run = IngestionRun.objects.get()
    assert run.throttled > 0
    assert run.api_requests == 4 + run.throttled
    assert creators_api.stats()["throttled"] == run.throttled
    stored = set(Product.objects.values_list("asin", flat=True))
    failed = {e["item"] for e in run.errors}
    assert stored | failed == set(asins)
    assert stored == set(asins) - failed
    assert not failed


def test_server_errors_are_retried_and_no_item_is_lost(creators_api: SandboxServer) -> None:
    creators_api.configure(error_rate=0.4)
    catalogue = creators_api.catalogue
    asins = [catalogue.asin(i) for i in range(1, 61)]

    call_command("ingest_asins", *asins, stdout=StringIO())

    run = IngestionRun.objects.get()
    stored = set(Product.objects.values_list("asin", flat=True))
    failed = {e["item"] for e in run.errors}
    assert run.api_requests > 6
    # Nothing is lost: every ASIN is either stored or reported, never both.
    assert stored | failed == set(asins)
    assert stored.isdisjoint(failed)
    assert {e["code"] for e in run.errors} <= {"RequestFailed"}
    assert len(stored) >= 40


def test_a_watchlist_reads_its_pages_and_stores_the_results(creators_api: SandboxServer) -> None:
    watchlist = Watchlist.objects.create(name="Kettles", keywords="sandbox", pages=2)

    run = watchlist_run(watchlist.pk)

    assert run.status == IngestionRun.Status.SUCCEEDED
    assert run.api_requests == 2 == sent(creators_api, "searchItems")
    assert run.items_seen == 20 == Product.objects.count()
    watchlist.refresh_from_db()
    assert watchlist.last_run == run


def test_the_browse_node_tree_is_refreshed(creators_api: SandboxServer) -> None:
    import_asins(creators_api, 10)
    Category.objects.update(name="")

    run = browse_nodes_refresh()

    assert run.status == IngestionRun.Status.SUCCEEDED
    assert run.api_requests == sent(creators_api, "getBrowseNodes") > 0
    assert not Category.objects.filter(name="").exists()


def test_refresh_stale_command_prints_a_summary(creators_api: SandboxServer) -> None:
    import_asins(creators_api, 4)
    out = StringIO()

    call_command("refresh_stale", "--all", stdout=out)

    assert "Price refresh run" in out.getvalue()
    assert "4 unchanged" in out.getvalue() or "updated" in out.getvalue()
    assert PriceObservation.objects.count() >= 4

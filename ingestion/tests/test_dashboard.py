"""The admin's index is a dashboard whose figures are the database's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models import Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductFactory
from ingestion.access import access_denied
from ingestion.capacity import quota_capacity
from ingestion.idle_refreshes import idle_refresh_record
from ingestion.models import IngestionRun
from products.clicks.models import DailyClicks
from products.clicks.services import click_record
from products.models import Product
from products.records import Availability

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "c@example.com", "pw"))
    return client


@pytest.fixture
def catalogue(settings: Settings) -> dict[str, Product]:
    """Two carried stores (two credentials) and a third store not carried, with every state."""
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    now = timezone.now()
    made = {}
    for store, count in (("US", 7), ("UK", 4), ("DE", 3)):
        for index in range(count):
            made[f"{store}{index}"] = ProductFactory.create(
                marketplace=store,
                price_as_of=[
                    now - timedelta(minutes=10),
                    now - timedelta(hours=5),
                    now - timedelta(hours=30),
                    None,
                ][index % 4],
                availability=Availability.UNAVAILABLE if index % 3 == 0 else "in_stock",
                published=index != 5,
            )
    return made


def test_the_dashboards_figures_are_the_databases(
    staff: Client, catalogue: dict[str, Product]
) -> None:
    now = timezone.now()
    running = IngestionRun.objects.create(kind="import", status=IngestionRun.Status.RUNNING)
    failed = IngestionRun.objects.create(
        kind="watchlist", status=IngestionRun.Status.FAILED, finished_at=now, message="No luck"
    )
    IngestionRun.objects.create(
        kind="import", status=IngestionRun.Status.FAILED, finished_at=now - timedelta(days=2)
    )
    today = now.date()
    for key, days_ago, clicks in (("US0", 0, 3), ("UK1", 2, 5), ("US2", 9, 50), ("DE0", 0, 9)):
        for _ in range(clicks):
            click_record(
                product_id=catalogue[key].pk, collection_id=None, day=today - timedelta(days_ago)
            )
    idle_refresh_record(at=now)
    idle_refresh_record(at=now)
    access_denied(region="EU", reason="AssociateNotEligible", message="")

    page = staff.get(reverse("admin:index"))

    board = page.context["dashboard"]
    html = page.content.decode()
    fresh = Q(price_as_of__gte=now - timedelta(hours=24))
    for figures in board.stores:
        published = Product.objects.filter(marketplace=figures.marketplace, published=True)
        assert figures.published == published.count()
        assert figures.stale == published.exclude(fresh).count()
        assert figures.unavailable == published.filter(availability="unavailable").count()
    assert [f.marketplace for f in board.stores] == ["US", "UK"]
    assert (board.stores[0].published, board.stores[0].stale, board.stores[0].unavailable) == (
        6,
        3,
        3,
    )
    for region, stores in (("NA", ["US"]), ("EU", ["UK"])):
        [figures] = [r for r in board.regions if r.region == region]
        in_region = Product.objects.filter(marketplace__in=stores)
        assert (
            figures.refreshed_last_hour
            == in_region.filter(price_as_of__gte=now - timedelta(hours=1)).count()
        )
        assert figures.refreshed_last_day == in_region.filter(fresh).count()
        assert figures.refreshable_per_day == quota_capacity(region).refreshable_per_day
    assert [r.pk for r in board.running] == [running.pk] and board.running_total == 1
    assert [r.pk for r in board.failed] == [failed.pk] and board.failed_total == 1
    week = DailyClicks.objects.filter(
        day__gte=today - timedelta(days=6), product__marketplace__in=["US", "UK"]
    )
    top = {row["product__asin"]: row["total"] for row in board.top_clicked}
    assert sum(top.values()) == week.aggregate(total=Sum("count"))["total"] == 8
    assert top == {catalogue["UK1"].asin: 5, catalogue["US0"].asin: 3}
    assert board.idle_today.count == 2
    # What the page shows, and where it links
    assert reverse("admin:ingestion_ingestionrun_change", args=[running.pk]) in html
    assert reverse("admin:ingestion_ingestionrun_change", args=[failed.pk]) in html
    assert f'href="{reverse("admin:ingestion_ingestionrun_import")}"' in html
    assert 'price_age=stale">3</a>' in html
    assert '<strong class="stale">paused</strong>' in html
    assert "Scheduled refreshes with nothing due today (recorded as no run):\n      2," in html

"""The figures of the admin's dashboard, read from the database (and the quota in Redis)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from ingestion.capacity import quota_capacity
from ingestion.idle_refreshes import idle_refreshes_on
from ingestion.models import IdleRefreshDay, IngestionRun
from ingestion.regions import carried_regions, region_stores
from ingestion.store_accounts import StoreAccount, store_accounts
from products.clicks.models import DailyClicks
from products.clicks.selectors import clicks_totals_by_product
from products.freshness import fresh_price_filter
from products.models import Product
from products.records import Availability

# A dashboard lists the latest few; the run list has the rest.
RUNS_SHOWN = 10
TOP_CLICKED = 10


@dataclass(frozen=True)
class StoreFigures:
    marketplace: str
    published: int
    stale: int
    unavailable: int


@dataclass(frozen=True)
class RegionFigures:
    region: str
    stores: str
    refreshed_last_hour: int
    refreshed_last_day: int
    refreshable_per_hour: int
    refreshable_per_day: int
    requests_used_today: int | None
    requests_per_day: int


@dataclass(frozen=True)
class Dashboard:
    stores: list[StoreFigures]
    regions: list[RegionFigures]
    accounts: list[StoreAccount]
    running: list[IngestionRun]
    running_total: int
    failed: list[IngestionRun]
    failed_total: int
    idle_today: IdleRefreshDay | None
    top_clicked: list[dict[str, Any]]

    @property
    def store_rows(self) -> list[tuple[StoreFigures, StoreAccount]]:
        return list(zip(self.stores, self.accounts, strict=True))


def store_figures() -> list[StoreFigures]:
    """Published products per carried store: all, with a stale price, unavailable."""
    rows = {
        row["marketplace"]: row
        for row in Product.objects.filter(
            published=True, marketplace__in=settings.AMAZON_MARKETPLACES
        )
        .values("marketplace")
        .annotate(
            published=Count("id"),
            stale=Count("id", filter=~fresh_price_filter()),
            unavailable=Count("id", filter=Q(availability=Availability.UNAVAILABLE)),
        )
    }
    return [
        StoreFigures(
            marketplace=code,
            published=rows.get(code, {}).get("published", 0),
            stale=rows.get(code, {}).get("stale", 0),
            unavailable=rows.get(code, {}).get("unavailable", 0),
        )
        for code in settings.AMAZON_MARKETPLACES
    ]


def region_figures(*, now: datetime, accounts: list[StoreAccount]) -> list[RegionFigures]:
    """Per credential: prices confirmed in the last hour and day against what its quota can
    refresh, and the requests it spent today."""
    used = {account.region: account.quota_used_today for account in accounts}
    figures = []
    for region in carried_regions():
        stores = region_stores(region)
        capacity = quota_capacity(region)
        refreshed = Product.objects.filter(marketplace__in=stores).aggregate(
            hour=Count("id", filter=Q(price_as_of__gte=now - timedelta(hours=1))),
            day=Count("id", filter=Q(price_as_of__gte=now - timedelta(days=1))),
        )
        figures.append(
            RegionFigures(
                region=region,
                stores=", ".join(stores),
                refreshed_last_hour=refreshed["hour"],
                refreshed_last_day=refreshed["day"],
                refreshable_per_hour=capacity.refreshable_per_day // 24,
                refreshable_per_day=capacity.refreshable_per_day,
                requests_used_today=used.get(region),
                requests_per_day=capacity.requests_per_day,
            )
        )
    return figures


def dashboard(*, now: datetime) -> Dashboard:
    accounts = store_accounts()
    running = IngestionRun.objects.filter(status=IngestionRun.Status.RUNNING)
    failed = IngestionRun.objects.filter(
        status=IngestionRun.Status.FAILED, finished_at__gte=now - timedelta(days=1)
    ).order_by("-finished_at", "-id")
    week = DailyClicks.objects.filter(
        day__gte=(now - timedelta(days=6)).date(),
        product__marketplace__in=settings.AMAZON_MARKETPLACES,
    )
    return Dashboard(
        stores=store_figures(),
        regions=region_figures(now=now, accounts=accounts),
        accounts=accounts,
        running=list(running.order_by("-started_at", "-id")[:RUNS_SHOWN]),
        running_total=running.count(),
        failed=list(failed[:RUNS_SHOWN]),
        failed_total=failed.count(),
        idle_today=idle_refreshes_on(now.date()),
        top_clicked=clicks_totals_by_product(week, limit=TOP_CLICKED),
    )

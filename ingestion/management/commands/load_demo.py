"""Fill an empty catalogue through the real pipeline: watchlists run by the Celery worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ingestion.models import Watchlist
from ingestion.tasks import watchlist_run
from products.models import Product

# Amazon search indexes the demo reads, three result pages (30 items) each.
DEMO_SEARCH_INDEXES = ("Electronics", "HomeAndKitchen", "ToysAndGames", "SportsAndOutdoors")
DEMO_PAGES = 3


class Command(BaseCommand):
    help = (
        "Create demo watchlists and queue them, if the catalogue is empty; the worker runs "
        "them once it starts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if Product.objects.exists() or Watchlist.objects.exists():
            self.stdout.write("The catalogue already has data; no demo loaded.")
            return
        watchlists = [
            Watchlist.objects.create(
                name=f"Demo: {index} ({marketplace})",
                marketplace=marketplace,
                search_index=index,
                pages=DEMO_PAGES,
            )
            for marketplace in settings.AMAZON_MARKETPLACES
            for index in DEMO_SEARCH_INDEXES
        ]
        for watchlist in watchlists:
            watchlist_run.delay(watchlist.pk)
        self.stdout.write(
            f"Queued {len(watchlists)} demo watchlists; products appear as the worker stores them."
        )

"""Fill an empty catalogue through the real pipeline: watchlists run by the Celery worker."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingestion.models import Watchlist
from ingestion.tasks import run_watchlist
from products.models import Product

# Amazon search indexes the demo reads, three result pages (30 items) each.
DEMO_SEARCH_INDEXES = ("Electronics", "HomeAndKitchen", "ToysAndGames", "SportsAndOutdoors")
DEMO_PAGES = 3


class Command(BaseCommand):
    help = "Create demo watchlists and queue them, if the catalogue is empty."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wait", type=float, default=30.0, help="seconds to wait for the API host to answer"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Product.objects.exists() or Watchlist.objects.exists():
            self.stdout.write("The catalogue already has data; no demo loaded.")
            return
        self._wait_for_api(options["wait"])
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
            run_watchlist.delay(watchlist.pk)
        self.stdout.write(
            f"Queued {len(watchlists)} demo watchlists; products appear as the worker stores them."
        )

    def _wait_for_api(self, timeout: float) -> None:
        host = settings.CREATORS_API_HOST
        if not host:
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(host, timeout=2):  # noqa: S310 (configured host)
                    return
            except urllib.error.HTTPError:
                return
            except OSError as error:
                if time.monotonic() > deadline:
                    raise CommandError(f"CREATORS_API_HOST {host} did not answer: {error}") from None
                time.sleep(0.5)

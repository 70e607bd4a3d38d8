"""Benchmark: refresh a catalogue from a local sandbox API at a given quota.

Prints items refreshed per second against the quota's ceiling (TPS x 10 ASINs a request)
and writes the figures to docs/benchmarks.md. Everything it writes to the database is
rolled back at the end.
"""

from __future__ import annotations

import math
import os
import platform
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from config.settings.amazon import REGION_VERSIONS
from devtools.benchmark_report import write_section
from devtools.loopback import (
    HOST,
    free_port,
    get_json,
    manage_command,
    running,
    wait_until_listening,
)
from ingestion.api_client import close_clients
from ingestion.gateway import MAX_ITEMS_PER_REQUEST
from ingestion.jobs import prices_refresh
from ingestion.quota import _quota
from products.marketplaces import MARKETPLACES
from products.models import Product


class Command(BaseCommand):
    help = "Measure price refreshes per second against the quota's ceiling, on a local sandbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, default=2000, help="products to refresh")
        parser.add_argument("--tps", type=float, default=5.0, help="the account's requests/s")
        parser.add_argument("--marketplace", default="US")
        parser.add_argument("--no-report", action="store_true", help="do not write docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        items, tps = options["items"], options["tps"]
        if items < MAX_ITEMS_PER_REQUEST or tps <= 0:
            raise CommandError("--items must be at least 10 and --tps positive")
        port = free_port()
        sandbox = manage_command("runsandbox", "--port", str(port), "--tps", str(tps), "--tpd", "0")
        url = f"http://{HOST}:{port}"
        try:
            with running(sandbox, env=dict(os.environ), quiet=True):
                wait_until_listening(port, timeout=30)
                figures = self._measure(
                    url, items=items, tps=tps, marketplace=options["marketplace"]
                )
        finally:
            close_clients()
        self.stdout.write(self._text(figures))
        if not options["no_report"]:
            self._report(figures)

    def _measure(self, url: str, *, items: int, tps: float, marketplace: str) -> dict[str, Any]:
        listed = get_json(f"{url}/sandbox/asins?marketplace={marketplace}&stop={items * 2}")
        asins = listed["asins"][:items]
        region = MARKETPLACES[marketplace].region
        version = REGION_VERSIONS[region][-1]
        overrides = {
            "CREATORS_API_CREDENTIALS": {
                region: {
                    "region": region,
                    "credential_id": "bench",
                    "credential_secret": "bench",
                    "version": version,
                    "auth_endpoint": f"{url}/auth/o2/token",
                }
            },
            "CREATORS_API_REGIONS": {marketplace: region},
            "CREATORS_API_HOST": url,
            "AMAZON_PARTNER_TAGS": {marketplace: "bench-20"},
            "AMAZON_MARKETPLACES": [marketplace],
            "CREATORS_API_TPS": tps,
            "CREATORS_API_TPD": 10**8,
        }
        with override_settings(**overrides), transaction.atomic():
            _quota.cache_clear()
            Product.objects.bulk_create(
                Product(marketplace=marketplace, asin=asin) for asin in asins
            )
            started_at = timezone.now()
            began = time.monotonic()
            run = prices_refresh(
                max_batches=math.ceil(len(asins) / MAX_ITEMS_PER_REQUEST), older_than=started_at
            )
            elapsed = time.monotonic() - began
            refreshed = Product.objects.filter(
                marketplace=marketplace, asin__in=asins, price_as_of__gte=started_at
            ).count()
            transaction.set_rollback(True)
        _quota.cache_clear()
        if run is None:
            raise CommandError("another price refresh is running")
        rate = refreshed / elapsed
        return {
            "items": len(asins),
            "refreshed": refreshed,
            "lost": len(asins) - refreshed,
            "requests": run.api_requests,
            "throttled": run.throttled,
            "seconds": elapsed,
            "tps": tps,
            "rate": rate,
            "ceiling": tps * MAX_ITEMS_PER_REQUEST,
            "ratio": rate / (tps * MAX_ITEMS_PER_REQUEST),
            "database": connection.vendor,
        }

    def _text(self, f: dict[str, Any]) -> str:
        return (
            f"Refreshed {f['refreshed']} of {f['items']} items in {f['seconds']:.1f} s with "
            f"{f['requests']} requests ({f['throttled']} throttled), {f['database']}.\n"
            f"{f['rate']:.1f} items/s against a ceiling of {f['ceiling']:.0f} items/s "
            f"(TPS {f['tps']:g} x 10): ratio {f['ratio']:.3f}; items lost: {f['lost']}."
        )

    def _report(self, f: dict[str, Any]) -> None:
        write_section(
            "ingestion benchmark",
            [
                "## Ingestion: price refresh against the quota",
                "",
                f"Measured {timezone.now():%Y-%m-%d} by `make bench-ingest` on "
                f"{platform.machine()}, Python {platform.python_version()}, {f['database']}, one "
                "process, against the local sandbox API over HTTP through the real client "
                "library and the shared quota.",
                "",
                "| items | requests | throttled | seconds | items/s | ceiling (TPS x 10) "
                "| ratio | lost |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                f"| {f['items']} | {f['requests']} | {f['throttled']} | {f['seconds']:.1f} | "
                f"{f['rate']:.1f} | {f['ceiling']:.0f} | {f['ratio']:.3f} | {f['lost']} |",
                "",
                "Target: a ratio of at least 0.95 with no item lost.",
            ],
        )

"""Benchmark: refresh a catalogue from a local sandbox API at a given quota.

Prints items refreshed per second against the quota's ceiling (TPS x 10 ASINs a request)
and writes the figures to docs/benchmarks.md. Everything it writes to the database is
rolled back at the end.
"""

from __future__ import annotations

import math
import platform
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from config.benchmark_report import write_section
from config.loopback import free_port, get_json
from ingestion.client import MAX_ITEMS_PER_REQUEST, close_clients
from ingestion.jobs import job_refresh
from ingestion.quota import _quota
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
        sandbox = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [
                sys.executable,
                "manage.py",
                "runsandbox",
                "--port",
                str(port),
                "--tps",
                str(tps),
                "--tpd",
                "0",
            ],
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            self._wait(url)
            figures = self._measure(url, items=items, tps=tps, marketplace=options["marketplace"])
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=10)
            close_clients()
        self.stdout.write(self._text(figures))
        if not options["no_report"]:
            self._report(figures)

    def _wait(self, url: str) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_json(url + "/")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise CommandError("the sandbox did not start within 30 s") from None
                time.sleep(0.2)

    def _measure(self, url: str, *, items: int, tps: float, marketplace: str) -> dict[str, Any]:
        listed = get_json(f"{url}/sandbox/asins?marketplace={marketplace}&stop={items * 2}")
        asins = listed["asins"][:items]
        overrides = {
            "CREATORS_API_CREDENTIAL_ID": "bench",
            "CREATORS_API_CREDENTIAL_SECRET": "bench",
            "CREATORS_API_VERSION": "3.1",
            "CREATORS_API_HOST": url,
            "CREATORS_API_AUTH_ENDPOINT": f"{url}/auth/o2/token",
            "AMAZON_PARTNER_TAG": "bench-20",
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
            run = job_refresh(
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

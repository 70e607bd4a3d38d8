"""The catalogue-scale benchmarks: build the synthetic catalogue once, then measure on it.

The catalogue lives in its own database (the configured one's name + _bench) and is built
through the ingestion write path (`build_catalogue`) only when it holds fewer products than
asked for, so a rerun goes straight to the measurements. Then `bench_search` and
`bench_pages` (or those named by --only, `bench_edge` among them) run against it, each
writing its section of docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import time
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from devtools.benchmark_report import write_section
from devtools.databases import database_create, postgres_server_url
from devtools.loopback import manage
from devtools.synthetic import ASIN_PREFIX
from products.freshness import price_max_age

BENCHMARKS = ("search", "pages", "edge")


class Command(BaseCommand):
    help = "Build (once) a synthetic catalogue in its own database and benchmark search and pages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=1_000_000, help="catalogue size")
        parser.add_argument("--seconds", type=float, default=6.0, help="load per page scenario")
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
        parser.add_argument(
            "--only",
            action="append",
            choices=BENCHMARKS,
            help="run this benchmark (repeatable); default: search and pages",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("the catalogue benchmarks run on PostgreSQL: set DATABASE_URL")
        server = postgres_server_url(database)
        name = f"{database['NAME']}_bench"
        url = f"{server}/{name}"
        env = {**os.environ, "DATABASE_URL": url}
        started = time.monotonic()
        database_create(server, name, afresh=False)
        manage(env, "migrate", "--noinput", "-v0")
        built = self._build(url, env, options["size"])
        only = options["only"] or ["search", "pages"]
        if "search" in only:
            manage(env, "bench_search")
        if "pages" in only:
            manage(
                env,
                "bench_pages",
                f"--seconds={options['seconds']}",
                f"--clients={options['clients']}",
            )
        if "edge" in only:
            manage(env, "bench_edge")
        total = time.monotonic() - started
        self.stdout.write(f"catalogue benchmarks done in {total:.0f} s")
        # Its section describes the catalogue the search and page figures come from.
        if "pages" in only or "search" in only:
            self._report(options["size"], built, total)

    def _build(self, url: str, env: dict[str, str], size: int) -> float | None:
        """Seconds spent building the catalogue; None when an earlier run had built it."""
        with psycopg.connect(url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT count(*) FROM products_product WHERE asin LIKE %s", [f"{ASIN_PREFIX}%"]
            ).fetchone()
            if row and row[0] >= size:
                self._redate(connection)
                return None
        started = time.monotonic()
        manage(env, "build_catalogue", f"--size={size}")
        seconds = time.monotonic() - started
        with psycopg.connect(url, autocommit=True) as connection:
            # Fresh statistics and visibility map, as a live catalogue has after autovacuum.
            connection.execute("VACUUM ANALYZE")
        return seconds

    def _redate(self, connection: psycopg.Connection[Any]) -> None:
        """Prices of a catalogue built over half a day ago are re-dated, or pages would hide
        them (older than PRICE_MAX_AGE); a benchmark of pages must show prices."""
        stale = connection.execute(
            "SELECT 1 FROM products_product WHERE price_as_of < %s LIMIT 1",
            [timezone.now() - price_max_age() / 2],
        ).fetchone()
        if stale:
            connection.execute("UPDATE products_product SET price_as_of = now()")
            connection.execute("VACUUM ANALYZE products_product")

    def _report(self, size: int, built: float | None, total: float) -> None:
        how = (
            f"built it from nothing in {built / 60:.1f} min ({size / built:.0f} products/s)"
            if built
            else "reused the one an earlier run built"
        )
        write_section(
            "catalogue benchmark",
            [
                "## The synthetic catalogue",
                "",
                f"`make bench` on {platform.machine()} ({os.cpu_count()} CPUs), Python "
                f"{platform.python_version()}, {timezone.now():%Y-%m-%d}: {size:,} products "
                "from `devtools.synthetic`, written through `build_catalogue` (product_upsert, "
                "the ingestion write path) into a database of its own that later runs reuse. "
                f"This run {how}; the search and page benchmarks on it took "
                f"{total / 60:.1f} min in all, building included.",
            ],
        )

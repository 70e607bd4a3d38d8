"""Pages through the edge and at the origin, loaded by wrk, against the trivial view.

Gunicorn serves as bench_pages serves it (docker/gunicorn.conf.py, `devtools.bench_settings`,
on the configured database) with the project's Varnish (deploy/varnish/) in front, both on
loopback. Each page kind is loaded by wrk in turns with the trivial view straight at
gunicorn: at the edge (every request a hit) and at the origin (every request a page-cache
hit). Then a mixed visitor load over the catalogue's product pages, with a Zipf popularity,
says what share the edge answers itself. Writes the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import http.client
import json
import platform
import random
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from devtools.bench_urls import TRIVIAL_PATH
from devtools.benchmark_report import write_section
from devtools.databases import postgres_server_url
from devtools.loopback import (
    HOST,
    free_port,
    gunicorn_command,
    manage,
    running,
    site_environment,
    wait_until_listening,
)
from devtools.synthetic import ASIN_PREFIX, COMMON_TERMS
from devtools.testkit.edge import Edge, private_edge
from devtools.wrk import WrkResult, run_wrk, write_paths
from products.links import category_url, product_url
from products.models import Category, Product

# Cached pages at the edge serve at least this many times the origin's trivial view.
EDGE_RATIO_TARGET = 20.0
# Cached pages at the origin serve at least this share of the trivial view.
ORIGIN_RATIO_TARGET = 0.7
# Edge hits in the mixed visitor load after its warm-up.
HIT_RATE_TARGET = 0.95
# As bench_pages: each row in turns with the trivial view, so both see the same machine.
TURNS = 3
# 100,000 pages of 10 to 20 KB each fit, so the mixed load measures popularity, not eviction.
EDGE_STORAGE = "malloc,3g"
# varnishstat's counters are summed from each worker thread's now and then: read right
# after a load, they lag it by a few hundred requests.
COUNTER_SETTLE_SECONDS = 3.0


@dataclass
class Row:
    name: str
    paths: list[str]
    edge: WrkResult = field(default_factory=WrkResult)
    origin: WrkResult = field(default_factory=WrkResult)
    yardstick: WrkResult = field(default_factory=WrkResult)
    # Paths the edge answered from its cache on a second request, before the load.
    kept: int = 0


@dataclass
class Mixed:
    urls: int
    warm: WrkResult
    measured: WrkResult
    counters: dict[str, int]

    @property
    def hit_rate(self) -> float:
        """The share of visitors' answers the edge served from its cache, as they saw it."""
        return self.measured.hit_rate

    @property
    def origin_per_thousand(self) -> float:
        views = self.counters["client_req"]
        return 1000 * self.counters["backend_req"] / views if views else 0.0


def _ratio(result: WrkResult, yardstick: WrkResult) -> float:
    return result.rate / yardstick.rate if yardstick.rate else 0.0


def _rows() -> list[Row]:
    """The page kinds, each with a fixed set of URLs (the same in every run)."""
    sample = random.Random(7)  # noqa: S311 (a benchmark's sample, not security)
    count = Product.objects.count()
    ids = sorted(sample.sample(range(1, count + 1), min(count, 200)))
    chosen = Product.objects.filter(published=True, id__in=ids).order_by("id")
    categories = [
        *Category.objects.filter(depth=2).order_by("node_id")[:16],
        *Category.objects.filter(depth=1).order_by("node_id")[:3],
        *Category.objects.filter(depth=0).order_by("node_id")[:1],
    ]
    return [
        Row("product", [product_url(p) for p in chosen]),
        Row("category", [category_url(c) for c in categories]),
        Row("store home", ["/us/"]),
        Row(
            "api list",
            [
                "/api/v1/products/?marketplace=US",
                "/api/v1/products/?marketplace=US&ordering=price",
                *(f"/api/v1/products/?marketplace=US&search={quote(t)}" for t in COMMON_TERMS),
            ],
        ),
    ]


def _visitor_paths(products: int) -> list[str]:
    """The catalogue's first `products` product pages, in a fixed order of popularity
    unrelated to their ids."""
    rows = (
        Product.objects.filter(asin__startswith=ASIN_PREFIX, marketplace="US", published=True)
        .order_by("id")
        .only("marketplace", "asin", "title", "title_override")[:products]
    )
    paths = [product_url(product) for product in rows.iterator(chunk_size=10_000)]
    random.Random(11).shuffle(paths)  # noqa: S311 (a benchmark's order, not security)
    return paths


def _get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def _wait_until_healthy(edge: Edge) -> None:
    """Varnish sends nothing to an origin its health probe has not yet found up (its first
    probes take a few seconds): until then every request is a 503."""
    deadline = time.monotonic() + 60
    while _get(edge.port, TRIVIAL_PATH).status != 200:
        if time.monotonic() > deadline:
            raise CommandError("the edge never found the origin healthy")
        time.sleep(0.5)


def _counters(edge: Edge) -> dict[str, int]:
    """varnishstat's MAIN counters of this edge."""
    varnishstat = shutil.which("varnishstat")
    if varnishstat is None:
        raise CommandError("varnishstat not found: `make varnish` installs Debian's varnish")
    output = subprocess.run(  # noqa: S603 (Debian's varnishstat, on our own edge)
        [varnishstat, "-n", str(edge.workdir / "varnish"), "-1", "-j"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    data = json.loads(output)
    counters = data.get("counters", data)
    return {
        name.removeprefix("MAIN."): int(value["value"])
        for name, value in counters.items()
        if name.startswith("MAIN.") and isinstance(value, dict)
    }


class Command(BaseCommand):
    help = "Load pages through Varnish and at gunicorn with wrk; writes docs/benchmarks.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=12.0, help="load per row")
        parser.add_argument("--connections", type=int, default=32, help="wrk's connections")
        parser.add_argument("--products", type=int, default=100_000, help="mixed load's URLs")
        parser.add_argument("--zipf", type=float, default=1.2, help="popularity exponent")
        parser.add_argument(
            "--warm-pages", type=int, default=20_000, help="most popular pages crawled first"
        )
        parser.add_argument("--warm-seconds", type=float, default=900.0, help="crawl at most")
        parser.add_argument("--mixed-seconds", type=float, default=20.0, help="mixed load")
        parser.add_argument("--no-report", action="store_true", help="do not write docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if connection.vendor != "postgresql":
            raise CommandError("the edge benchmark runs on PostgreSQL: set DATABASE_URL")
        visitors = _visitor_paths(options["products"])
        if len(visitors) < options["products"]:
            raise CommandError(
                f"{len(visitors):,} synthetic products in US, {options['products']:,} needed: "
                "`make bench-edge` builds them (bench_catalogue --only edge)"
            )
        rows = _rows()
        origin_port, edge_port = free_port(), free_port()
        site_url = f"http://{HOST}:{edge_port}"
        env = site_environment(
            database_url=f"{postgres_server_url(database)}/{database['NAME']}",
            redis_url=settings.REDIS_URL,
            broker_url=settings.CELERY_BROKER_URL,
            settings_module="devtools.bench_settings",
        )
        env["SITE_URL"] = site_url
        manage(env, "collectstatic", "--noinput", "-v0")
        with ExitStack() as stack:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-edge-")))
            stack.enter_context(
                running(
                    gunicorn_command("config.wsgi:application", origin_port),
                    env={**env, "PROMETHEUS_MULTIPROC_DIR": str(work)},
                )
            )
            wait_until_listening(origin_port, timeout=60)
            edge = stack.enter_context(
                private_edge(
                    origin=f"{HOST}:{origin_port}",
                    site_url=site_url,
                    port=edge_port,
                    storage=EDGE_STORAGE,
                )
            )
            _wait_until_healthy(edge)
            trivial = write_paths(work / "trivial.txt", [TRIVIAL_PATH])
            for number, row in enumerate(rows):
                self._measure(row, edge, origin_port, trivial, work / f"row-{number}.txt", options)
            mixed = self._mixed(
                edge,
                write_paths(work / "visitors.txt", visitors),
                write_paths(work / "popular.txt", visitors[: options["warm_pages"]]),
                options,
            )
        lines = self._targets(rows, mixed, options)
        for line in lines:
            self.stdout.write(line)
        if not options["no_report"]:
            self._report(rows, mixed, lines, options)

    def _measure(
        self,
        row: Row,
        edge: Edge,
        origin: int,
        trivial: Path,
        file: Path,
        options: dict[str, Any],
    ) -> None:
        for path in row.paths:
            first = _get(edge.port, path)
            if first.status != 200:
                raise CommandError(f"{path} answered {first.status} through the edge")
            row.kept += _get(edge.port, path).headers["X-Cache"] == "HIT"
        paths = write_paths(file, row.paths)
        turn = options["seconds"] / TURNS
        load = {"connections": options["connections"], "seconds": turn}
        for _ in range(TURNS):
            row.yardstick.add(run_wrk(port=origin, paths=trivial, **load))
            row.origin.add(run_wrk(port=origin, paths=paths, **load))
            row.edge.add(run_wrk(port=edge.port, paths=paths, **load))
        self.stdout.write(
            f"{row.name}: kept {row.kept}/{len(row.paths)}, trivial {row.yardstick.rate:.0f}/s, "
            f"origin {row.origin.rate:.0f}/s, edge {row.edge.rate:.0f}/s"
        )

    def _mixed(self, edge: Edge, visitors: Path, popular: Path, options: dict[str, Any]) -> Mixed:
        # The warm-up: the most popular pages, each once, as a long-running edge holds them.
        warm = run_wrk(
            port=edge.port,
            paths=popular,
            connections=options["connections"],
            seconds=options["warm_seconds"],
            crawl=True,
        )
        time.sleep(COUNTER_SETTLE_SECONDS)
        before = _counters(edge)
        measured = run_wrk(
            port=edge.port,
            paths=visitors,
            connections=options["connections"],
            seconds=options["mixed_seconds"],
            zipf=options["zipf"],
            count_cache=True,
        )
        time.sleep(COUNTER_SETTLE_SECONDS)
        after = _counters(edge)
        counters = {
            name: after.get(name, 0) - before.get(name, 0)
            for name in ("client_req", "cache_hit", "cache_miss", "cache_hitpass", "backend_req")
        }
        mixed = Mixed(options["products"], warm, measured, counters)
        self.stdout.write(
            f"mixed: warm-up {warm.requests} pages crawled, then "
            f"{measured.requests} at {measured.rate:.0f}/s: hits {mixed.hit_rate:.1%}, "
            f"origin requests per 1,000 views {mixed.origin_per_thousand:.1f}"
        )
        return mixed

    def _targets(self, rows: list[Row], mixed: Mixed, options: dict[str, Any]) -> list[str]:
        lines = []
        for row in rows:
            edge = _ratio(row.edge, row.yardstick)
            lines.append(
                f"cached {row.name} through the edge at {edge:.1f}x the trivial view at the "
                f"origin (target >= {EDGE_RATIO_TARGET:.0f}x): "
                + ("PASS" if edge >= EDGE_RATIO_TARGET else "MISS")
            )
        for row in rows:
            origin = _ratio(row.origin, row.yardstick)
            lines.append(
                f"cached {row.name} at the origin at {origin:.2f} of the trivial view "
                f"(target >= {ORIGIN_RATIO_TARGET}): "
                + ("PASS" if origin >= ORIGIN_RATIO_TARGET else "MISS")
            )
        lines.append(
            f"mixed load over {mixed.urls:,} product URLs (Zipf s={options['zipf']}): "
            f"{mixed.hit_rate:.1%} edge hits after the warm-up, "
            f"{mixed.origin_per_thousand:.1f} origin requests per 1,000 page views "
            f"(target >= {HIT_RATE_TARGET:.0%} hits): "
            + ("PASS" if mixed.hit_rate >= HIT_RATE_TARGET else "MISS")
        )
        results = [r for row in rows for r in (row.edge, row.origin, row.yardstick)]
        errors = sum(sum(r.errors.values()) for r in [*results, mixed.warm, mixed.measured])
        lines.append(f"errors {errors} (target 0): " + ("PASS" if errors == 0 else "MISS"))
        return lines

    def _report(
        self, rows: list[Row], mixed: Mixed, lines: list[str], options: dict[str, Any]
    ) -> None:
        table = []
        for row in rows:
            for where, result in (
                ("trivial view, origin", row.yardstick),
                ("origin", row.origin),
                ("edge", row.edge),
            ):
                table.append(
                    f"| {row.name} | {where} | {len(row.paths)} | {result.requests} | "
                    f"{result.rate:.0f} | {_ratio(result, row.yardstick):.2f} | "
                    f"{result.p50_ms:.1f} | {result.p99_ms:.1f} | "
                    f"{sum(result.errors.values())} |"
                )
        counters = mixed.counters
        write_section(
            "edge benchmark",
            [
                "## Pages through the edge, and cache hits at the origin",
                "",
                f"Measured {timezone.now():%Y-%m-%d} by `make bench-edge` on "
                f"{platform.machine()}, Python {platform.python_version()}: gunicorn as in "
                "the pages benchmark (docker/gunicorn.conf.py, `devtools.bench_settings`) with "
                "the project's Varnish (deploy/varnish/, "
                f"`-s {EDGE_STORAGE}`) in front, PostgreSQL and Redis, all on loopback, "
                "loaded by **wrk** (Debian's wrk 4, `devtools/wrk.py` with "
                f"`devtools/wrk_paths.lua`) with {options['connections']} keep-alive "
                "connections on 2 threads, every request accepting gzip as browsers do (the "
                "edge keeps text compressed, as CloudFront does; the origin does not "
                f"compress). Each row runs {TURNS} turns of "
                f"{options['seconds'] / TURNS:.0f} s each of the trivial view straight at "
                "gunicorn, the row's URLs at gunicorn (every request a page-cache hit) and "
                "the same URLs through the edge (every request an edge hit, after a first "
                "request of each); *ratio* is over the trivial view's rate in those turns. "
                "*Kept* counts the URLs the edge answered from its cache on a second request.",
                "",
                "| page | served by | URLs | requests | req/s | ratio | p50 ms | p99 ms | errors |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                *table,
                "",
                "Kept by the edge: "
                + ", ".join(f"{row.name} {row.kept}/{len(row.paths)}" for row in rows)
                + ".",
                "",
                f"Mixed visitor load: {mixed.urls:,} product pages of the synthetic "
                "catalogue in a fixed random order of popularity, through the edge. Warm-up: "
                f"the {options['warm_pages']:,} most popular crawled once each, in order, "
                f"for at most {options['warm_seconds']:.0f} s ({mixed.warm.requests:,} "
                "pages fetched), as an edge that has served for a while holds them. Then "
                f"{options['mixed_seconds']:.0f} s of visitors, each request choosing a page "
                f"by a Zipf popularity (page k with weight 1/k^{options['zipf']}; "
                f"{mixed.measured.requests:,} requests, {mixed.measured.rate:.0f}/s). "
                "Counted by the loader from each answer's `X-Cache`: "
                f"{mixed.measured.hits:,} hits, {mixed.measured.misses:,} misses, "
                f"**{mixed.hit_rate:.1%} hits**. From varnishstat over the visitors' part "
                f"(read {COUNTER_SETTLE_SECONDS:.0f} s after the load, as its counters lag): "
                f"{counters['client_req']:,} requests, {counters['cache_hit']:,} hits, "
                f"{counters['cache_miss']:,} misses, {counters['backend_req']:,} requests "
                "to the origin (misses, and revalidations in the stale-while-revalidate "
                f"window): **{mixed.origin_per_thousand:.1f} origin requests per 1,000 page "
                "views**.",
                "",
                *(f"- {line}" for line in lines),
            ],
        )

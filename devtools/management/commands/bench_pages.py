"""Pages and the API under a bounded load, against a trivial view of the same server.

Gunicorn runs as the image runs it (docker/gunicorn.conf.py) on loopback, on the configured
database, with `devtools.bench_settings`: the site's URLs plus a trivial view, the yardstick.
Each page kind is loaded by a fixed number of keep-alive clients for a fixed time, first as
cached (the same URLs again, after a warm-up pass) and then uncached (every request a URL
no cache holds). Writes the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import platform
import random
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from devtools.bench_urls import TRIVIAL_PATH
from devtools.benchmark_report import write_section
from devtools.databases import postgres_server_url
from devtools.load import LoadResult, run_load
from devtools.loopback import (
    HOST,
    fetch,
    free_port,
    gunicorn_command,
    manage,
    running,
    site_environment,
    wait_until_listening,
)
from devtools.synthetic import COMMON_TERMS, MEDIUM_TERMS, RARE_TERMS
from products.links import category_url, product_url
from products.models import Category, Product

# Cached product pages and lists serve at least this share of the trivial view's rate.
CACHED_RATIO_TARGET = 0.7
RATIO_TARGETS = ("product", "category", "api list")
# A targeted row is loaded in turns with the trivial view, so that both see the same
# machine: on a shared host the rate drifts by a quarter within a minute.
TURNS = 3


@dataclass
class Scenario:
    name: str
    paths: list[str]
    figures: dict[str, LoadResult]
    # The trivial view's rate measured in turns with this row's cached load.
    yardstick: LoadResult | None = None

    def measured_against(self, kind: str, trivial: LoadResult) -> LoadResult:
        return self.yardstick if kind == "cached" and self.yardstick else trivial


def _search_terms() -> list[str]:
    return [*RARE_TERMS[:4], *MEDIUM_TERMS[:4], *COMMON_TERMS]


def _scenarios(products: int) -> list[Scenario]:
    """The page kinds, each with a fixed set of URLs (the same in every run)."""
    sample = random.Random(7)  # noqa: S311 (a benchmark's sample, not security)
    ids = sorted(sample.sample(range(1, products + 1), min(products, 200)))
    chosen = list(Product.objects.filter(published=True, id__in=ids).order_by("id"))
    # Mostly leaves, some groups and a department: a few thousand products to 1/8 of them.
    categories = [
        *Category.objects.filter(depth=2).order_by("node_id")[:16],
        *Category.objects.filter(depth=1).order_by("node_id")[:3],
        *Category.objects.filter(depth=0).order_by("node_id")[:1],
    ]
    terms = _search_terms()
    return [
        Scenario("trivial", [TRIVIAL_PATH], {}),
        Scenario("category", [category_url(c) for c in categories], {}),
        Scenario("search", [f"/us/search/?q={quote(t)}" for t in terms], {}),
        Scenario("product", [product_url(p) for p in chosen], {}),
        Scenario(
            "api list",
            [
                "/api/v1/products/",
                "/api/v1/products/?ordering=price",
                *(f"/api/v1/products/?search={quote(t)}" for t in terms),
            ],
            {},
        ),
        # Last: an uncached home page is the slowest render, and may hold workers past its row.
        Scenario("home", ["/us/"], {}),
    ]


def _ms(result: LoadResult, share: float) -> float:
    return result.percentile(share) * 1000


def _rate(result: LoadResult) -> float:
    return result.requests / result.seconds if result.seconds else 0.0


def _ratio(result: LoadResult, yardstick: LoadResult) -> float:
    return _rate(result) / _rate(yardstick) if _rate(yardstick) else 0.0


class Command(BaseCommand):
    help = "Load pages and the API through gunicorn on loopback; writes docs/benchmarks.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=6.0, help="load per scenario")
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
        parser.add_argument("--no-report", action="store_true", help="do not write docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if connection.vendor != "postgresql":
            raise CommandError("the page benchmark runs on PostgreSQL: set DATABASE_URL")
        products = Product.objects.count()
        scenarios = _scenarios(products)
        env = site_environment(
            database_url=f"{postgres_server_url(database)}/{database['NAME']}",
            redis_url=settings.REDIS_URL,
            broker_url=settings.CELERY_BROKER_URL,
            settings_module="devtools.bench_settings",
        )
        manage(env, "collectstatic", "--noinput", "-v0")
        port = free_port()
        with ExitStack() as stack:
            metrics = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-metrics-"))
            stack.enter_context(
                running(
                    gunicorn_command("config.wsgi:application", port),
                    env={**env, "PROMETHEUS_MULTIPROC_DIR": metrics},
                )
            )
            wait_until_listening(port, timeout=60)
            for scenario in scenarios:
                self._measure(scenario, port, options)
        for line in self._targets(scenarios):
            self.stdout.write(line)
        if not options["no_report"]:
            self._report(scenarios, products, options)

    def _measure(self, scenario: Scenario, port: int, options: dict[str, Any]) -> None:
        load = {"host": HOST, "port": port, "clients": options["clients"]}
        # Warm-up: every URL once, so that the cached run finds each in the cache.
        for path in scenario.paths:
            fetch(f"http://{HOST}:{port}{path}")
        if scenario.name in RATIO_TARGETS:
            cached, scenario.yardstick = LoadResult(), LoadResult()
            for _ in range(TURNS):
                turn = options["seconds"] / TURNS
                scenario.yardstick.add(run_load(**load, paths=[TRIVIAL_PATH], seconds=turn))
                cached.add(run_load(**load, paths=scenario.paths, seconds=turn))
            scenario.figures["cached"] = cached
            self.stdout.write(
                f"{scenario.name}: trivial view in turns {_rate(scenario.yardstick):.0f}/s"
            )
        else:
            scenario.figures["cached"] = run_load(
                **load, paths=scenario.paths, seconds=options["seconds"]
            )
        if scenario.name != "trivial":
            scenario.figures["uncached"] = run_load(
                **load, paths=scenario.paths, seconds=options["seconds"], fresh=True
            )
        for kind, result in scenario.figures.items():
            self.stdout.write(
                f"{scenario.name} {kind}: {_rate(result):.0f}/s, p50 {_ms(result, 0.5):.1f} ms, "
                f"p95 {_ms(result, 0.95):.1f} ms, p99 {_ms(result, 0.99):.1f} ms, "
                f"errors {result.errors or 0}"
            )

    def _targets(self, scenarios: list[Scenario]) -> list[str]:
        trivial = scenarios[0].figures["cached"]
        lines = []
        for scenario in scenarios:
            if scenario.name in RATIO_TARGETS:
                yardstick = scenario.measured_against("cached", trivial)
                ratio = _ratio(scenario.figures["cached"], yardstick)
                lines.append(
                    f"cached {scenario.name} at {ratio:.2f} of the trivial view's requests/s "
                    f"(target >= {CACHED_RATIO_TARGET}): "
                    + ("PASS" if ratio >= CACHED_RATIO_TARGET else "MISS")
                )
        errors = sum(sum(r.errors.values()) for s in scenarios for r in s.figures.values())
        lines.append(f"errors {errors} (target 0): " + ("PASS" if errors == 0 else "MISS"))
        return lines

    def _report(self, scenarios: list[Scenario], products: int, options: dict[str, Any]) -> None:
        trivial = scenarios[0].figures["cached"]
        rows = [
            f"| {scenario.name} | {kind} | {len(scenario.paths)} | {result.requests} | "
            f"{_rate(result):.0f} | "
            f"{_ratio(result, scenario.measured_against(kind, trivial)):.2f} | "
            f"{_ms(result, 0.5):.1f} | {_ms(result, 0.95):.1f} | {_ms(result, 0.99):.1f} | "
            f"{sum(result.errors.values())} |"
            for scenario in scenarios
            for kind, result in scenario.figures.items()
        ]
        write_section(
            "pages benchmark",
            [
                "## Pages and the API under load",
                "",
                f"Measured {timezone.now():%Y-%m-%d} by `make bench` on {platform.machine()}, "
                f"Python {platform.python_version()}, {products:,} synthetic products: gunicorn "
                "with docker/gunicorn.conf.py's defaults on loopback, PostgreSQL and Redis on "
                f"loopback, {options['clients']} keep-alive clients for "
                f"{options['seconds']:.0f} s per row (`devtools/load.py`, a small loader of "
                "threads on `http.client`, in the same process as the command: no extra "
                "dependency, and its limits are the same for every row). *Cached* repeats the "
                "row's URLs after a warm-up pass; *uncached* gives every request its own "
                "`fresh=N` parameter, so no page or API cache can answer it. *Trivial* is a "
                "view that returns two bytes through the same middleware "
                "(`devtools/bench_urls.py`, served only with `devtools.bench_settings`); *ratio* "
                "is each row's requests/s over the trivial view's, from the same run. The "
                f"targeted rows' cached load (product, category, API list) runs in {TURNS} "
                "turns with the trivial view, and their ratio is over the trivial view's rate "
                "in those turns, so that both see the same machine.",
                "",
                "| page | cache | URLs | requests | req/s | ratio | p50 ms | p95 ms | p99 ms "
                "| errors |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                *rows,
                "",
                *(f"- {line}" for line in self._targets(scenarios)),
            ],
        )

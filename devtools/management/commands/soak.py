"""Soak: a bounded HTTP load on gunicorn while a worker refreshes prices from the sandbox.

Everything runs on loopback against its own database (the configured one's name + _soak,
created afresh) and a dedicated Celery queue; the figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from config.celery_app import app
from devtools.benchmark_report import write_section
from devtools.databases import database_create, postgres_server_url
from devtools.load import LoadResult, run_load
from devtools.loopback import (
    HOST,
    free_port,
    get_json,
    gunicorn_command,
    manage,
    manage_command,
    running,
    site_environment,
    wait_until_listening,
)

QUEUE = "soak"


def _children(root: int) -> list[int]:
    """Direct children of a process, from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root:
            found.append(int(stat.parent.name))
    return found


def _rss_mib(root: int) -> float:
    """Resident memory of a process and its children (gunicorn's master and workers)."""
    total = 0
    for pid in [root, *_children(root)]:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("VmRSS:"))
    return total / 1024


class Command(BaseCommand):
    help = "Load the site on loopback for a while, with ingestion running, and report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=300.0, help="how long to load")
        parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
        parser.add_argument("--products", type=int, default=200, help="catalogue size")
        parser.add_argument("--no-report", action="store_true", help="do not write docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("the soak runs on PostgreSQL: set DATABASE_URL")
        server = postgres_server_url(database)
        name = f"{database['NAME']}_soak"
        database_create(server, name, afresh=True)
        with ExitStack() as stack:
            env = self._environment(f"{server}/{name}", stack)
            figures = self._soak(env, f"{server}/{name}", options)
        self.stdout.write(self._text(figures))
        if not options["no_report"]:
            self._report(figures)

    def _environment(self, database_url: str, stack: ExitStack) -> dict[str, str]:
        sandbox_port = free_port()
        sandbox = f"http://{HOST}:{sandbox_port}"
        env = {
            **site_environment(
                database_url=database_url,
                redis_url=settings.REDIS_URL,
                broker_url=settings.CELERY_BROKER_URL,
                settings_module="config.settings.local",
            ),
            "CREATORS_API_CREDENTIAL_ID": "soak",
            "CREATORS_API_CREDENTIAL_SECRET": "soak",
            "CREATORS_API_VERSION": "3.1",
            "CREATORS_API_HOST": sandbox,
            "CREATORS_API_AUTH_ENDPOINT": f"{sandbox}/auth/o2/token",
            "AMAZON_PARTNER_TAG": "soak-20",
            "AMAZON_MARKETPLACES": "US",
            "CREATORS_API_TPS": "5",
            "SANDBOX_TPS": "5",
        }
        manage(env, "migrate", "--noinput", "-v0", quiet=True)
        manage(env, "collectstatic", "--noinput", "-v0", quiet=True)
        stack.enter_context(
            running(manage_command("runsandbox", "--port", str(sandbox_port)), env=env)
        )
        wait_until_listening(sandbox_port, timeout=30)
        return env

    def _soak(
        self, env: dict[str, str], database_url: str, options: dict[str, Any]
    ) -> dict[str, Any]:
        sandbox = env["CREATORS_API_HOST"]
        listed = get_json(f"{sandbox}/sandbox/asins?marketplace=US&stop={options['products']}")
        manage(env, "ingest_asins", *listed["asins"], quiet=True)
        web_port = free_port()
        with ExitStack() as stack:
            gunicorn = stack.enter_context(
                running(
                    env={
                        **env,
                        "GUNICORN_WORKERS": "2",
                        "GUNICORN_THREADS": "8",
                        # As in the image: workers share metrics through files here.
                        "PROMETHEUS_MULTIPROC_DIR": stack.enter_context(
                            tempfile.TemporaryDirectory(prefix="soak-metrics-")
                        ),
                    },
                    command=gunicorn_command("config.wsgi:application", web_port),
                )
            )
            stack.enter_context(
                running(
                    [
                        *(sys.executable, "-m", "celery", "-A", "config.celery_app", "worker"),
                        *("-Q", QUEUE, "--concurrency=2", "--loglevel=WARNING"),
                        *("--without-gossip", "--without-mingle", f"--hostname=soak@{HOST}"),
                    ],
                    env=env,
                )
            )
            wait_until_listening(web_port, timeout=30)
            paths = self._paths(web_port)
            run_load(host=HOST, port=web_port, paths=paths, clients=4, seconds=3)
            rss_start = _rss_mib(gunicorn.pid)
            result = self._load_with_ingestion(database_url, web_port, paths, options)
            rss_end = _rss_mib(gunicorn.pid)
        runs, refreshed = self._ingestion_figures(database_url)
        stats = get_json(f"{sandbox}/sandbox/stats")
        return {
            "clients": options["clients"],
            "seconds": result.seconds,
            "requests": result.requests,
            "errors": sum(result.errors.values()),
            "error_kinds": result.errors,
            "rate": result.requests / result.seconds,
            "p50": result.percentile(0.50) * 1000,
            "p99": result.percentile(0.99) * 1000,
            "rss_start": rss_start,
            "rss_end": rss_end,
            "runs": runs,
            "refreshed": refreshed,
            "api_requests": stats["by_operation"].get("getItems", 0),
        }

    def _paths(self, port: int) -> list[str]:
        products = get_json(f"http://{HOST}:{port}/api/v1/products/")["results"]
        words = [p["title"].split()[0] for p in products if p.get("title")][:10]
        return [
            "/us/",
            *(urlsplit(p["url"]).path for p in products),
            *(f"/us/search/?q={word}" for word in words),
            "/api/v1/products/",
            *(f"/api/v1/products/?search={word}" for word in words[:3]),
        ]

    def _load_with_ingestion(
        self, database_url: str, port: int, paths: list[str], options: dict[str, Any]
    ) -> LoadResult:
        """The load in the foreground; every 10 s, stale prices and a refresh for the worker."""
        result: list[LoadResult] = []
        loader = threading.Thread(
            target=lambda: result.append(
                run_load(
                    host=HOST,
                    port=port,
                    paths=paths,
                    clients=options["clients"],
                    seconds=options["seconds"],
                )
            )
        )
        loader.start()
        with psycopg.connect(database_url, autocommit=True) as connection:
            while loader.is_alive():
                connection.execute(
                    "UPDATE products_product SET price_as_of = now() - interval '30 hours' "
                    "WHERE id IN (SELECT id FROM products_product ORDER BY random() LIMIT 30)"
                )
                app.send_task("ingestion.prices_refresh", kwargs={"max_batches": 3}, queue=QUEUE)
                loader.join(timeout=10)
        return result[0]

    def _ingestion_figures(self, database_url: str) -> tuple[dict[str, int], int]:
        with psycopg.connect(database_url) as connection:
            rows = connection.execute(
                "SELECT status, count(*) FROM ingestion_ingestionrun WHERE kind = 'refresh' "
                "GROUP BY status"
            ).fetchall()
            refreshed = connection.execute(
                "SELECT coalesce(sum(items_seen), 0) FROM ingestion_ingestionrun "
                "WHERE kind = 'refresh'"
            ).fetchone()
        return {str(status): int(count) for status, count in rows}, int(
            refreshed[0] if refreshed else 0
        )

    def _text(self, f: dict[str, Any]) -> str:
        return (
            f"{f['requests']} requests in {f['seconds']:.0f} s from {f['clients']} clients "
            f"({f['rate']:.0f}/s): {f['errors']} errors {f['error_kinds'] or ''}, "
            f"p50 {f['p50']:.0f} ms, p99 {f['p99']:.0f} ms; gunicorn RSS {f['rss_start']:.0f} -> "
            f"{f['rss_end']:.0f} MiB. Ingestion alongside: refresh runs {f['runs']}, "
            f"{f['refreshed']} prices refreshed in {f['api_requests']} API requests."
        )

    def _report(self, f: dict[str, Any]) -> None:
        write_section(
            "soak",
            [
                "## Soak: the site under load while ingestion runs",
                "",
                f"Measured {timezone.now():%Y-%m-%d} by `make soak` on {platform.machine()}, "
                f"Python {platform.python_version()}, PostgreSQL and Redis on loopback: gunicorn "
                "(docker/gunicorn.conf.py, 2 workers x 8 threads) serving storefront pages, "
                "search and the API to concurrent keep-alive clients, while a Celery worker "
                "refreshes 30 stale prices from the sandbox API every 10 s.",
                "",
                "| clients | seconds | requests | req/s | errors | p50 ms | p99 ms "
                "| RSS start MiB | RSS end MiB | refresh runs | prices refreshed |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
                f"| {f['clients']} | {f['seconds']:.0f} | {f['requests']} | {f['rate']:.0f} | "
                f"{f['errors']} | {f['p50']:.0f} | {f['p99']:.0f} | {f['rss_start']:.0f} | "
                f"{f['rss_end']:.0f} | {', '.join(f'{k} {v}' for k, v in f['runs'].items())} | "
                f"{f['refreshed']} |",
                "",
                "Targets: no errors, and gunicorn's memory flat from start to end (workers are "
                "recycled every 1,000 requests or so, as in production).",
            ],
        )

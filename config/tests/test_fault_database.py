"""A private PostgreSQL restarted under a running site: 503s during, no restart after."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from devtools.testkit.servers import (
    PrivatePostgres,
    free_port,
    private_postgres,
    wait_until_listening,
)

ROOT = Path(__file__).resolve().parent.parent.parent

# With connect_timeout=3 a refused or hung connection fails fast; 2 s is the promise.
OUTAGE_ANSWER_SECONDS = 2.0


def fetch(url: str) -> tuple[int, dict[str, str], bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body, time.monotonic() - started


@pytest.fixture
def site_on_private_postgres() -> Iterator[tuple[PrivatePostgres, str]]:
    """The migrated app served by one single-threaded process, so its connection persists."""
    with private_postgres() as database:
        environment = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database.url,
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "LOG_LEVEL": "ERROR",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_listening(port, timeout=20)
            yield database, f"http://127.0.0.1:{port}"
        finally:
            server.kill()
            server.wait(timeout=10)


@pytest.mark.fault
def test_a_database_restart_answers_503_quickly_and_recovers_without_a_restart(
    site_on_private_postgres: tuple[PrivatePostgres, str],
) -> None:
    database, site = site_on_private_postgres
    # Distinct queries, so no answer comes from the page cache.
    page, api = f"{site}/search/?q=lamp", f"{site}/api/v1/products/?brand="
    assert fetch(page + "0")[0] == 200
    assert fetch(api + "0")[0] == 200

    # WHEN PostgreSQL goes down
    database.stop()
    try:
        status, headers, body, seconds = fetch(page + "1")
        # THEN the storefront answers a friendly 503 page, fast, with Retry-After
        assert status == 503
        assert seconds < OUTAGE_ANSWER_SECONDS
        assert headers["Retry-After"].isdigit()
        assert headers["Content-Type"].startswith("text/html")
        assert b"Back in a moment" in body

        # AND the API answers JSON 503, and readiness says the database is down
        status, headers, body, seconds = fetch(api + "1")
        assert (status, headers["Content-Type"]) == (503, "application/json")
        assert seconds < OUTAGE_ANSWER_SECONDS
        assert b"unavailable" in body
        assert fetch(f"{site}/health/ready/")[0] == 503
    finally:
        database.start()

    # WHEN it is back, THEN the same process serves again (CONN_HEALTH_CHECKS reconnects)
    assert fetch(page + "2")[0] == 200
    assert fetch(api + "2")[0] == 200
    assert fetch(f"{site}/health/ready/")[0] == 200


def test_connections_are_checked_before_reuse_and_time_out_quickly() -> None:
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert 0 < database["OPTIONS"]["connect_timeout"] <= 5

"""Real Celery workers in child processes, on the test database and the Redis broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery_app import app
from ingestion.imports import import_run_create
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from ingestion.tasks import items_import

ROOT = Path(__file__).resolve().parent.parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_environment(extra: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **extra,
    }


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


@contextmanager
def celery_workers(
    *, count: int, concurrency: int, env: dict[str, str], purge: bool = True
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start `count` worker processes with `concurrency` pool processes each; stop them after.

    With `purge`, the queue is emptied before and after; without, waiting tasks carry over.
    """
    if purge:
        app.control.purge()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config.celery_app",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                f"--hostname=test{n}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=worker_environment(env),
        )
        for n in range(count)
    ]
    try:
        wait_for(
            lambda: len(app.control.ping(timeout=0.5) or []) >= count,
            timeout=60,
            what=f"{count} Celery worker(s) to answer",
        )
        yield workers
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        if purge:
            app.control.purge()


def pool_children(worker: subprocess.Popen[bytes]) -> list[int]:
    """The prefork pool's processes under a worker's main process."""
    found = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def queue_imports(sandbox: SandboxServer, *, runs: int, per_run: int, start: int = 1) -> list[int]:
    """Queue `runs` import runs of `per_run` sandbox ASINs each for the workers; their ids."""
    ids = []
    for n in range(runs):
        first = start + n * per_run
        asins = list(sandbox.catalogue.asins("US", start=first, stop=first + per_run))
        run, errors = import_run_create(asins, marketplace="US")
        assert run is not None and not errors
        items_import.delay(run.pk)
        ids.append(run.pk)
    return ids


def finished(run_ids: list[int]) -> bool:
    return not IngestionRun.objects.filter(pk__in=run_ids, finished_at__isnull=True).exists()

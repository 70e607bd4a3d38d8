"""Workers that vanish or are told to stop mid-run, on the Redis broker with acks_late."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from devtools.testkit.sandbox import sandbox_env
from devtools.testkit.workers import (
    ROOT,
    celery_workers,
    finished,
    pool_children,
    queue_imports,
    wait_for,
    worker_environment,
)
from ingestion import jobs
from ingestion.imports import import_run_create
from ingestion.models import IdleRefreshDay, IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import PriceObservation, Product

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Low, so a message whose worker died returns within the test; production keeps 900 s.
VISIBILITY_TIMEOUT = 4


def requests_sent(sandbox: SandboxServer) -> int:
    return int(sandbox.stats()["by_operation"].get("getItems", 0))


@contextmanager
def beats(count: int, *, env: dict[str, str]) -> Iterator[None]:
    """`count` celery beat processes on the database scheduler, as a mistaken deploy would run."""
    processes = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config.celery_app", "beat"),
                *("--loglevel=WARNING", "--pidfile=", "--max-interval=1"),
            ],
            cwd=ROOT,
            env=worker_environment(env),
        )
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)


def assert_each_item_stored_once(count: int) -> None:
    assert Product.objects.count() == count
    per_product = PriceObservation.objects.values("product").annotate(n=Count("id"))
    assert {row["n"] for row in per_product} <= {1}


def test_a_worker_killed_outright_has_its_run_finished_by_the_next(
    creators_api: SandboxServer,
) -> None:
    env = {
        **sandbox_env(creators_api, tps=20),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    }
    creators_api.configure(latency_ms=700, drift_period=10**9)
    with celery_workers(count=1, concurrency=1, env=env) as workers:
        run_ids = queue_imports(creators_api, runs=1, per_run=40)
        wait_for(lambda: requests_sent(creators_api) >= 2, timeout=30, what="a batch in flight")
        # WHEN the whole worker dies at once, as when its container is killed
        for pid in [*pool_children(workers[0]), workers[0].pid]:
            os.kill(pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
    assert not finished(run_ids)

    # THEN a new worker receives the unacknowledged task after the visibility timeout.
    # Starting it only once the timeout has passed makes its first restore find the task,
    # rather than depending on when the broker next looks (slow on a loaded machine).
    creators_api.configure(latency_ms=0)
    time.sleep(VISIBILITY_TIMEOUT + 1)
    with celery_workers(count=1, concurrency=1, env=env):
        wait_for(lambda: finished(run_ids), timeout=90, what="the redelivered run")

    run = IngestionRun.objects.get(pk=run_ids[0])
    assert run.status == IngestionRun.Status.SUCCEEDED, run.message
    assert_each_item_stored_once(40)


def test_a_worker_told_to_stop_finishes_its_task_and_exits_within_30_seconds(
    creators_api: SandboxServer,
) -> None:
    env = sandbox_env(creators_api, tps=20)
    creators_api.configure(latency_ms=500, drift_period=10**9)
    with celery_workers(count=1, concurrency=1, env=env, purge=False) as workers:
        run_ids = queue_imports(creators_api, runs=2, per_run=30)
        wait_for(lambda: requests_sent(creators_api) >= 1, timeout=30, what="a batch in flight")
        # WHEN the container is stopped (ECS sends SIGTERM, then SIGKILL 30 s later)
        stopped_at = time.monotonic()
        workers[0].send_signal(signal.SIGTERM)
        workers[0].wait(timeout=30)
        # THEN the worker finished the run in hand first, and left the other queued
        assert time.monotonic() - stopped_at < 30
    statuses = dict(IngestionRun.objects.filter(pk__in=run_ids).values_list("pk", "status"))
    assert statuses[run_ids[0]] == IngestionRun.Status.SUCCEEDED
    assert not finished(run_ids[1:])

    # AND the next worker completes the rest, with every item stored once
    creators_api.configure(latency_ms=0)
    with celery_workers(count=1, concurrency=1, env=env, purge=False):
        wait_for(lambda: finished(run_ids), timeout=30, what="the queued run")
    assert IngestionRun.objects.get(pk=run_ids[1]).status == IngestionRun.Status.SUCCEEDED
    assert_each_item_stored_once(60)


def test_two_beats_started_by_mistake_spend_the_quota_of_one(
    creators_api: SandboxServer,
) -> None:
    # GIVEN 30 stale prices and a refresh scheduled every second
    asins = list(creators_api.catalogue.asins("US", start=1, stop=31))
    run, _ = import_run_create(asins, marketplace="US")
    assert run is not None
    jobs.items_import(run.pk)
    Product.objects.update(price_as_of=timezone.now() - timedelta(hours=30))
    PeriodicTask.objects.all().delete()
    PeriodicTask.objects.create(
        name="Refresh stale prices",
        task="ingestion.prices_refresh",
        kwargs=json.dumps({"max_batches": 5}),
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS),
    )
    before = requests_sent(creators_api)
    env = sandbox_env(creators_api, tps=20)

    # WHEN two beat processes run beside the worker for a while
    with celery_workers(count=1, concurrency=2, env=env), beats(2, env=env):
        # Once the prices are fresh, a scheduled refresh records no run, only its count.
        wait_for(
            lambda: sum(IdleRefreshDay.objects.values_list("count", flat=True)) >= 2,
            timeout=30,
            what="two scheduled refreshes after the prices were fresh",
        )

    # THEN the prices were refreshed once: three requests of 10, as one beat would send
    refreshes = IngestionRun.objects.filter(kind=IngestionRun.Kind.REFRESH)
    assert sum(refreshes.values_list("items_seen", flat=True)) == 30
    assert requests_sent(creators_api) - before == 3

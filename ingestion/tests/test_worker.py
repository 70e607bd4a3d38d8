"""Tasks through real Celery workers on the Redis broker, against the sandbox over HTTP."""

from __future__ import annotations

import os
import signal

import pytest
from django.db.models import Count

from devtools.testkit.sandbox import sandbox_env
from devtools.testkit.workers import (
    celery_workers,
    finished,
    pool_children,
    queue_imports,
    wait_for,
)
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import PriceObservation, Product

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_import_runs_on_a_real_worker(creators_api: SandboxServer) -> None:
    with celery_workers(count=1, concurrency=1, env=sandbox_env(creators_api, tps=20)):
        run_ids = queue_imports(creators_api, runs=1, per_run=25)
        wait_for(lambda: finished(run_ids), timeout=60, what="the import run")

    run = IngestionRun.objects.get(pk=run_ids[0])
    assert run.status == IngestionRun.Status.SUCCEEDED, run.message
    assert run.api_requests == 3
    assert Product.objects.count() == 25


def test_ten_workers_together_stay_inside_a_5_tps_quota(creators_api: SandboxServer) -> None:
    # GIVEN Amazon's limit of 5 requests per second, and the same figure configured here
    creators_api.configure(tps=5)
    with celery_workers(count=2, concurrency=5, env=sandbox_env(creators_api, tps=5)):
        # WHEN ten worker processes import 300 items in 30 requests at once
        run_ids = queue_imports(creators_api, runs=30, per_run=10)
        wait_for(lambda: finished(run_ids), timeout=120, what="30 import runs")

    # THEN Amazon throttled nothing and every item is stored once
    stats = creators_api.stats()
    assert stats["throttled"] == 0
    assert stats["by_operation"]["getItems"] == 30
    statuses = set(IngestionRun.objects.filter(pk__in=run_ids).values_list("status", flat=True))
    assert statuses == {IngestionRun.Status.SUCCEEDED}
    assert Product.objects.count() == 300


def test_a_worker_killed_mid_batch_loses_nothing(creators_api: SandboxServer) -> None:
    # GIVEN slow answers, so the kill lands while a batch is in flight
    creators_api.configure(latency_ms=700, drift_period=10**9)
    with celery_workers(count=1, concurrency=1, env=sandbox_env(creators_api, tps=20)) as workers:
        run_ids = queue_imports(creators_api, runs=1, per_run=40)
        wait_for(
            lambda: creators_api.stats()["by_operation"].get("getItems", 0) >= 2,
            timeout=30,
            what="the second request of the batch",
        )
        # WHEN the pool process running the task is killed outright
        for pid in pool_children(workers[0]):
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: finished(run_ids), timeout=90, what="the redelivered run")

    # THEN the task was redone and the catalogue holds each item once, with one price each
    run = IngestionRun.objects.get(pk=run_ids[0])
    assert run.status == IngestionRun.Status.SUCCEEDED, run.message
    assert creators_api.stats()["by_operation"]["getItems"] > 4
    assert Product.objects.count() == 40
    per_product = PriceObservation.objects.values("product").annotate(n=Count("id"))
    assert {row["n"] for row in per_product} <= {1}

"""Tasks through real Celery workers on the Redis broker, against the sandbox over HTTP."""

from __future__ import annotations

import os
import signal

import pytest
from django.db.models import Count

from ingestion.imports import import_run_create
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from ingestion.tasks import import_items
from ingestion.tests.conftest import PARTNER_TAG
from ingestion.tests.worker import celery_workers, pool_children, wait_for
from products.models import PriceObservation, Product

pytestmark = pytest.mark.django_db(transaction=True)


def sandbox_env(sandbox: SandboxServer, *, tps: float) -> dict[str, str]:
    return {
        "CREATORS_API_CREDENTIAL_ID": "catalog-test",
        "CREATORS_API_CREDENTIAL_SECRET": "catalog-secret",
        "CREATORS_API_VERSION": "3.1",
        "CREATORS_API_HOST": sandbox.url,
        "CREATORS_API_AUTH_ENDPOINT": sandbox.auth_endpoint("3.1"),
        "AMAZON_PARTNER_TAG": PARTNER_TAG,
        "AMAZON_MARKETPLACES": "US,UK",
        "CREATORS_API_TPS": str(tps),
        "CREATORS_API_TPD": "100000",
    }


def queue_imports(sandbox: SandboxServer, *, runs: int, per_run: int, start: int = 1) -> list[int]:
    ids = []
    for n in range(runs):
        first = start + n * per_run
        asins = list(sandbox.catalogue.asins("US", start=first, stop=first + per_run))
        run, errors = import_run_create(asins, marketplace="US")
        assert run is not None and not errors
        import_items.delay(run.pk)
        ids.append(run.pk)
    return ids


def finished(run_ids: list[int]) -> bool:
    return not IngestionRun.objects.filter(pk__in=run_ids, finished_at__isnull=True).exists()


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

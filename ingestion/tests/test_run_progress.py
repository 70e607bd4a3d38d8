"""A run's figures are saved as each batch ends, and a task that dies fails its run at once."""

from __future__ import annotations

import pytest
from billiard.exceptions import TimeLimitExceeded
from celery.signals import task_failure

from devtools.testkit.sandbox import sandbox_env, sent
from devtools.testkit.workers import celery_workers, wait_for
from ingestion import tasks
from ingestion.imports import import_run_create
from ingestion.models import MAX_STORED_ERRORS, IngestionRun
from ingestion.runs import ingestion_run_create, ingestion_run_record, ingestion_run_start
from ingestion.sandbox import SandboxServer
from ingestion.tally import BatchTally


def queued_import(sandbox: SandboxServer, count: int) -> IngestionRun:
    run, errors = import_run_create(
        list(sandbox.catalogue.asins("US", start=1, stop=count + 1)), marketplace="US"
    )
    assert run is not None and not errors
    return run


@pytest.mark.django_db
def test_each_batch_adds_its_figures_and_the_errors_stay_capped() -> None:
    run = ingestion_run_create(kind=IngestionRun.Kind.IMPORT)
    ingestion_run_start(run, task_id="task-1")
    failures = [(f"A{n:09d}", "ItemNotFound", "gone") for n in range(MAX_STORED_ERRORS)]
    first, second = BatchTally(api_requests=1, items_seen=10), BatchTally(api_requests=2)
    first.fail(failures[:300])
    second.fail(failures[:300])

    ingestion_run_record(run, first)
    stored = IngestionRun.objects.get(pk=run.pk)
    assert (stored.api_requests, stored.items_seen, stored.items_failed) == (1, 10, 300)

    ingestion_run_record(run, second)
    stored = IngestionRun.objects.get(pk=run.pk)
    assert (stored.api_requests, stored.items_failed) == (3, 600)
    assert len(stored.errors) == MAX_STORED_ERRORS


@pytest.mark.django_db
def test_a_task_killed_at_its_hard_time_limit_fails_its_run_with_the_reason() -> None:
    # GIVEN a running import, and another run of a task that did not fail
    run = ingestion_run_create(kind=IngestionRun.Kind.IMPORT)
    ingestion_run_start(run, task_id="killed-task")
    other = ingestion_run_create(kind=IngestionRun.Kind.IMPORT)
    ingestion_run_start(other, task_id="other-task")

    # WHEN the worker's main process reports the hard limit, as Celery does once it has
    # killed the pool process (celery.worker.request.Request.on_timeout); a real worker
    # cannot be made to reach it, as the soft limit always ends a run first here
    task_failure.send(
        sender=tasks.items_import, task_id="killed-task", exception=TimeLimitExceeded(300)
    )

    run.refresh_from_db()
    assert run.status == IngestionRun.Status.FAILED and run.finished_at is not None
    assert "TimeLimitExceeded" in run.message and "300" in run.message
    assert IngestionRun.objects.get(pk=other.pk).status == IngestionRun.Status.RUNNING


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_runs_progress_is_visible_while_it_runs_and_counts_each_request_once(
    creators_api: SandboxServer,
) -> None:
    # GIVEN an import of 50 items, 5 requests that take 0.7 s each
    creators_api.configure(latency_ms=700, drift_period=10**9)
    run = queued_import(creators_api, 50)
    seen_while_running: list[int] = []

    def progress_shown() -> bool:
        stored = IngestionRun.objects.get(pk=run.pk)
        if stored.status == IngestionRun.Status.RUNNING and stored.items_seen:
            seen_while_running.append(stored.items_seen)
        return stored.finished_at is not None

    with celery_workers(count=1, concurrency=1, env=sandbox_env(creators_api, tps=20)):
        tasks.items_import.delay(run.pk)
        wait_for(progress_shown, timeout=60, what="the import run")

    # THEN this process, on its own connection, read the figures batch by batch
    assert seen_while_running and 0 < min(seen_while_running) < 50
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.SUCCEEDED, run.message
    assert run.items_seen == 50
    assert run.api_requests == sent(creators_api) == 5

"""Celery tasks: thin wrappers that take ids and call the jobs of the same name in ingestion.jobs.

Every task is named `ingestion.<function>`, as every app names its tasks `<app>.<function>`.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from celery.signals import task_failure, worker_process_shutdown
from django.db import DatabaseError

from ingestion import jobs, runs
from ingestion.api_client import close_clients
from ingestion.models import Watchlist

# Only infrastructure failures are retried here; API errors are handled inside each run.
RETRYING: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (DatabaseError, ConnectionError),
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 240,
    "time_limit": 300,
}


class RunTask(Task):
    """A task whose work is an IngestionRun, recorded under the task's id."""


@shared_task(name="ingestion.prices_refresh", base=RunTask, bind=True, **RETRYING)
def prices_refresh(self: RunTask, max_batches: int | None = None) -> int | None:
    run = jobs.prices_refresh(max_batches=max_batches, task_id=self.request.id or "")
    return run.pk if run else None


@shared_task(name="ingestion.items_import", base=RunTask, bind=True, **RETRYING)
def items_import(self: RunTask, run_id: int) -> int:
    return jobs.items_import(run_id, task_id=self.request.id or "").pk


@shared_task(name="ingestion.watchlist_run", base=RunTask, bind=True, **RETRYING)
def watchlist_run(self: RunTask, watchlist_id: int) -> int:
    return jobs.watchlist_run(watchlist_id, task_id=self.request.id or "").pk


@shared_task(name="ingestion.watchlists_run_active", **RETRYING)
def watchlists_run_active() -> int:
    """Queue every active watchlist as its own task, so one slow search delays no other."""
    ids = list(Watchlist.objects.filter(active=True).values_list("pk", flat=True))
    for watchlist_id in ids:
        watchlist_run.delay(watchlist_id)
    return len(ids)


@shared_task(name="ingestion.browse_nodes_refresh", base=RunTask, bind=True, **RETRYING)
def browse_nodes_refresh(self: RunTask) -> int:
    return jobs.browse_nodes_refresh(task_id=self.request.id or "").pk


@shared_task(name="ingestion.ingestion_runs_abandon_stale")
def ingestion_runs_abandon_stale() -> int:
    return runs.ingestion_runs_abandon_stale()


@task_failure.connect
def ingestion_run_fail_for_task(
    sender: Task | None = None, task_id: str = "", exception: BaseException | None = None, **_: Any
) -> None:
    """Fail the run of a task that raised past its retries or met its hard time limit.

    Celery sends this from the worker's main process when it kills a task at the hard
    limit (celery.worker.request), so the run says why within seconds, not at the
    abandoned-runs sweep. A lost pool process is not a failure: the task is redelivered
    (task_reject_on_worker_lost) and its run starts again.
    """
    if isinstance(sender, RunTask):
        runs.ingestion_run_fail_for_task(task_id=task_id, reason=_reason(exception))


def _reason(exception: BaseException | None) -> str:
    if exception is None:
        return "unknown"
    return f"{type(exception).__name__}: {exception}"


@worker_process_shutdown.connect
def close_api_clients(**kwargs: Any) -> None:
    """Release the Creators API connections a worker process holds."""
    close_clients()

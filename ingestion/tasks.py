"""Celery tasks: thin wrappers that take ids and call the jobs in ingestion.jobs."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_process_shutdown
from django.db import DatabaseError

from ingestion import jobs
from ingestion.client import close_clients
from ingestion.models import Watchlist
from ingestion.runs import ingestion_runs_abandon_stale

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


@shared_task(name="ingestion.refresh_stale_prices", **RETRYING)
def refresh_stale_prices(max_batches: int | None = None) -> int | None:
    run = jobs.job_refresh(max_batches=max_batches)
    return run.pk if run else None


@shared_task(name="ingestion.import_items", **RETRYING)
def import_items(run_id: int) -> int:
    return jobs.job_import(run_id).pk


@shared_task(name="ingestion.run_watchlist", **RETRYING)
def run_watchlist(watchlist_id: int) -> int:
    return jobs.job_watchlist(watchlist_id).pk


@shared_task(name="ingestion.run_active_watchlists", **RETRYING)
def run_active_watchlists() -> int:
    """Queue every active watchlist as its own task, so one slow search delays no other."""
    ids = list(Watchlist.objects.filter(active=True).values_list("pk", flat=True))
    for watchlist_id in ids:
        run_watchlist.delay(watchlist_id)
    return len(ids)


@shared_task(name="ingestion.refresh_browse_nodes", **RETRYING)
def refresh_browse_nodes() -> int:
    return jobs.job_browse_nodes().pk


@shared_task(name="ingestion.abandon_stale_runs")
def abandon_stale_runs() -> int:
    return ingestion_runs_abandon_stale()


@worker_process_shutdown.connect
def close_api_clients(**kwargs: Any) -> None:
    """Release the Creators API connections a worker process holds."""
    close_clients()

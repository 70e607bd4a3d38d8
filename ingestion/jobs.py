"""Ingestion work as runs: each job records its progress and outcome on an IngestionRun.

Tasks, management commands and the admin all call these; none of them needs a broker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ingestion.access import access_may_call, api_access
from ingestion.browse_nodes import browse_nodes_refresh
from ingestion.capacity import quota_capacity
from ingestion.client import (
    AccessDenied,
    AuthFailed,
    BadRequest,
    CreatorsApiError,
    CreatorsGateway,
    MissingCredentials,
    QuotaExhausted,
    creators_gateway,
)
from ingestion.imports import import_requested
from ingestion.models import IngestionRun, Watchlist
from ingestion.refresh import refresh_stale
from ingestion.runs import ingestion_run_create, ingestion_run_finish, ingestion_run_start
from ingestion.watchlists import watchlist_run

logger = logging.getLogger(__name__)

Work = Callable[[IngestionRun, CreatorsGateway], None]

# Errors that retrying cannot fix: the run stops and says why.
STOPPING_ERRORS = (AccessDenied, AuthFailed, BadRequest, MissingCredentials)

REFRESH_LOCK = "ingestion:refresh-running"
REFRESH_LOCK_SECONDS = 600


def _execute(run: IngestionRun, work: Work) -> IngestionRun:
    ingestion_run_start(run)
    if not access_may_call():
        access = api_access()
        ingestion_run_finish(
            run,
            failed=True,
            message=(
                f"The Creators API refused access ({access.reason}) on "
                f"{access.since:%Y-%m-%d %H:%M} UTC; no request was sent. Access is checked "
                "again every few hours."
            ),
        )
        return run
    try:
        gateway = creators_gateway()
        start = gateway.requests_sent
        try:
            work(run, gateway)
        finally:
            run.api_requests = gateway.requests_sent - start
    except SoftTimeLimitExceeded:
        # What is stored stays stored; the next scheduled run takes the stalest prices again.
        ingestion_run_finish(
            run, message="Stopped at the task's time limit; the next run continues.", failed=False
        )
    except QuotaExhausted as error:
        ingestion_run_finish(
            run, message=f"Stopped: the daily request quota is used up ({error}).", failed=False
        )
    except STOPPING_ERRORS as error:
        ingestion_run_finish(run, failed=True, message=_explain(error))
    except CreatorsApiError as error:
        ingestion_run_finish(run, failed=True, message=f"{type(error).__name__}: {error}")
    else:
        ingestion_run_finish(run)
    return run


def _explain(error: CreatorsApiError) -> str:
    if isinstance(error, MissingCredentials):
        return f"Not configured: {error}"
    if isinstance(error, AccessDenied):
        return f"Amazon denied access ({error.reason}): {error}. Ingestion pauses until it returns."
    if isinstance(error, AuthFailed):
        return (
            f"Amazon refused the credentials: {error}. Check CREATORS_API_CREDENTIAL_ID, "
            "CREATORS_API_CREDENTIAL_SECRET and CREATORS_API_VERSION. Ingestion pauses "
            "until they work again."
        )
    return f"Amazon refused the request: {error}"


def job_refresh(
    *, max_batches: int | None = None, older_than: datetime | None = None
) -> IngestionRun | None:
    """Refresh the stalest prices; None when access is paused or another refresh is running."""
    if not access_may_call():
        # Scheduled every minute: a failed run each time would bury the admin's run list,
        # and the admin's banner already says why nothing is refreshed.
        logger.info("Creators API access is paused; the price refresh is skipped.")
        return None
    if not cache.add(REFRESH_LOCK, timezone.now().isoformat(), REFRESH_LOCK_SECONDS):
        logger.info("A price refresh is already running; this one is skipped.")
        return None
    try:
        batches = max_batches or quota_capacity().batches_per_run
        run = ingestion_run_create(
            kind=IngestionRun.Kind.REFRESH, description=f"Refresh of up to {batches * 10} prices"
        )
        return _execute(
            run,
            lambda run, gateway: refresh_stale(
                run, gateway, max_batches=batches, older_than=older_than
            ),
        )
    finally:
        cache.delete(REFRESH_LOCK)


def job_import(run_id: int) -> IngestionRun:
    run = IngestionRun.objects.get(pk=run_id)
    return _execute(run, import_requested)


def job_watchlist(watchlist_id: int) -> IngestionRun:
    watchlist = Watchlist.objects.get(pk=watchlist_id)
    run = ingestion_run_create(
        kind=IngestionRun.Kind.WATCHLIST, description=str(watchlist), watchlist=watchlist
    )
    Watchlist.objects.filter(pk=watchlist.pk).update(last_run=run)
    return _execute(run, lambda run, gateway: watchlist_run(run, gateway, watchlist))


def job_browse_nodes() -> IngestionRun:
    run = ingestion_run_create(kind=IngestionRun.Kind.BROWSE_NODES, description="Browse-node tree")

    def work(run: IngestionRun, gateway: CreatorsGateway) -> None:
        for marketplace in settings.AMAZON_MARKETPLACES:
            browse_nodes_refresh(run, gateway, marketplace=marketplace)

    return _execute(run, work)

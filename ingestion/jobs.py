"""Ingestion work as runs: each job records its progress, batch by batch, on an IngestionRun.

Tasks, management commands and the admin all call these; none of them needs a broker.
Each job has the name of its task and of the work it runs (`watchlist_run` in
`ingestion.watchlists`, here and in `ingestion.tasks`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from config.settings.amazon import region_variable
from ingestion import browse_nodes, imports, refresh, watchlists
from ingestion.access import access_may_call
from ingestion.api_errors import (
    AccessDenied,
    AccessPaused,
    AuthFailed,
    BadRequest,
    CreatorsApiError,
    MissingCredentials,
    QuotaExhausted,
)
from ingestion.capacity import quota_capacity
from ingestion.gateway import MAX_ITEMS_PER_REQUEST, CreatorsGateway, creators_gateway
from ingestion.idle_refreshes import idle_refresh_record
from ingestion.models import ApiAccess, IngestionRun, Watchlist
from ingestion.regions import carried_regions
from ingestion.runs import (
    ingestion_run_create,
    ingestion_run_finish,
    ingestion_run_record,
    ingestion_run_start,
)
from ingestion.tally import BatchTally

logger = logging.getLogger(__name__)

# A run's work: one tally per request's worth of work, saved as each one ends.
Work = Callable[[CreatorsGateway], Iterator[BatchTally]]

# Errors that retrying cannot fix: the run stops and says why.
STOPPING_ERRORS = (AccessDenied, AccessPaused, AuthFailed, BadRequest, MissingCredentials)

REFRESH_LOCK = "ingestion:refresh-running"
REFRESH_LOCK_SECONDS = 600


def _execute(run: IngestionRun, work: Work, *, task_id: str) -> IngestionRun:
    ingestion_run_start(run, task_id=task_id)
    if not regions_may_call():
        ingestion_run_finish(
            run,
            failed=True,
            message=(
                f"The Creators API refused access: {_paused_regions()}; no request was sent. "
                "Access is checked again every few hours."
            ),
        )
        return run
    try:
        gateway = creators_gateway()
        _record_batches(run, work(gateway), gateway=gateway)
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


def _record_batches(
    run: IngestionRun, batches: Iterator[BatchTally], *, gateway: CreatorsGateway
) -> None:
    """Save each batch's tally as it ends, with the requests the gateway sent for it."""
    counted = gateway.requests_sent
    try:
        for tally in batches:
            tally.api_requests, counted = gateway.requests_sent - counted, gateway.requests_sent
            ingestion_run_record(run, tally)
    finally:
        # A batch cut short (time limit, refused access) still spent its requests.
        if gateway.requests_sent > counted:
            ingestion_run_record(run, BatchTally(api_requests=gateway.requests_sent - counted))


def _explain(error: CreatorsApiError) -> str:
    store = f"{error.marketplace} ({error.region} credential)" if error.region else ""
    if isinstance(error, MissingCredentials):
        return f"Not configured: {error}"
    if isinstance(error, AccessPaused):
        return f"Stopped: {error}. Access is checked again every few hours."
    if isinstance(error, AccessDenied):
        return (
            f"Amazon denied access for {store} ({error.reason}): {error}. The {error.region} "
            "stores pause until it returns."
        )
    if isinstance(error, AuthFailed):
        return (
            f"Amazon refused the {error.region} credential for {error.marketplace} "
            f"({error.reason}): {error}. Check {region_variable(error.region, 'CREDENTIAL_ID')}, "
            "_CREDENTIAL_SECRET and _VERSION, and that the store is in that region "
            "(CREATORS_API_REGIONS). The region's stores pause until it works again."
        )
    if isinstance(error, BadRequest) and error.reason == "InvalidPartnerTag":
        return (
            f"Amazon refused the partner tag of {error.marketplace} ({error.reason}): {error}. "
            "Check the store's tag in AMAZON_PARTNER_TAGS."
        )
    return f"Amazon refused the request for {store}: {error}"


def regions_may_call() -> list[str]:
    """The carried regions whose credential may call now (not paused, or due a probe)."""
    return [region for region in carried_regions() if access_may_call(region)]


def _paused_regions() -> str:
    return "; ".join(
        f"{access.region} ({access.reason}) since {access.since:%Y-%m-%d %H:%M} UTC"
        for access in ApiAccess.objects.filter(region__in=carried_regions(), blocked=True)
    )


def prices_refresh(
    *, max_batches: int | None = None, older_than: datetime | None = None, task_id: str = ""
) -> IngestionRun | None:
    """Refresh the stalest prices, up to `max_batches` requests per credential region; None
    when every region's access is paused, another refresh is running or nothing is due (then
    the day's count of idle refreshes grows instead)."""
    regions = regions_may_call()
    if not regions:
        # Scheduled every minute: a failed run each time would bury the admin's run list,
        # and the admin's banner already says why nothing is refreshed.
        logger.info("Creators API access is paused; the price refresh is skipped.")
        return None
    if not cache.add(REFRESH_LOCK, timezone.now().isoformat(), REFRESH_LOCK_SECONDS):
        logger.info("A price refresh is already running; this one is skipped.")
        return None
    try:
        if not refresh.prices_due(regions=regions, older_than=refresh.refresh_cutoff(older_than)):
            idle_refresh_record(at=timezone.now())
            return None
        # Each credential has its own quota, so each region refreshes its share of it.
        batches = {
            region: max_batches or quota_capacity(region).batches_per_run for region in regions
        }
        total = sum(batches.values()) * MAX_ITEMS_PER_REQUEST
        run = ingestion_run_create(
            kind=IngestionRun.Kind.REFRESH, description=f"Refresh of up to {total} prices"
        )
        return _execute(
            run,
            lambda gateway: refresh.prices_refresh(
                gateway, batches_per_region=batches, older_than=older_than
            ),
            task_id=task_id,
        )
    finally:
        cache.delete(REFRESH_LOCK)


def items_import(run_id: int, *, task_id: str = "") -> IngestionRun:
    """Fetch and store the items a queued import run lists."""
    run = IngestionRun.objects.get(pk=run_id)
    return _execute(
        run,
        lambda gateway: imports.items_import(gateway, requested=run.requested),
        task_id=task_id,
    )


def watchlist_run(watchlist_id: int, *, task_id: str = "") -> IngestionRun:
    watchlist = Watchlist.objects.get(pk=watchlist_id)
    run = ingestion_run_create(
        kind=IngestionRun.Kind.WATCHLIST, description=str(watchlist), watchlist=watchlist
    )
    Watchlist.objects.filter(pk=watchlist.pk).update(last_run=run)
    return _execute(
        run, lambda gateway: watchlists.watchlist_run(gateway, watchlist), task_id=task_id
    )


def browse_nodes_refresh(*, task_id: str = "") -> IngestionRun:
    run = ingestion_run_create(kind=IngestionRun.Kind.BROWSE_NODES, description="Browse-node tree")

    def work(gateway: CreatorsGateway) -> Iterator[BatchTally]:
        for marketplace in settings.AMAZON_MARKETPLACES:
            yield from browse_nodes.browse_nodes_refresh(gateway, marketplace=marketplace)

    return _execute(run, work, task_id=task_id)

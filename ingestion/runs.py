"""Recording an ingestion run's progress and outcome where staff can see it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ingestion.models import MAX_STORED_ERRORS, RUN_COUNTERS, IngestionRun
from products.events import IMPORT_FINISHED, CatalogueEvent, catalogue_events_announce
from products.services import UpsertResult

# Runs whose end is announced to webhooks: the ones staff asked for, not the routine refresh.
ANNOUNCED_KINDS = (IngestionRun.Kind.IMPORT, IngestionRun.Kind.WATCHLIST)

# A run still "running" after this long was lost with its worker (time limits are far less).
ABANDONED_AFTER = timedelta(hours=1)


def ingestion_run_create(
    *, kind: str, description: str = "", requested: list[Any] | None = None, **fields: Any
) -> IngestionRun:
    return IngestionRun.objects.create(
        kind=kind, description=description[:500], requested=requested or [], **fields
    )


def ingestion_run_start(run: IngestionRun) -> None:
    """Mark the run started; a redelivered task restarts its counts from zero."""
    run.status = IngestionRun.Status.RUNNING
    run.started_at = timezone.now()
    run.finished_at = None
    for counter in RUN_COUNTERS:
        setattr(run, counter, 0)
    run.errors = []
    run.message = ""
    run.save()


def ingestion_run_count_upsert(run: IngestionRun, result: UpsertResult) -> None:
    run.items_created += len(result.created)
    run.items_updated += len(result.updated)
    run.items_unchanged += len(result.unchanged)
    ingestion_run_add_errors(
        run, ((asin, "InvalidItem", reason) for asin, reason in result.failed.items())
    )
    # The product is stored without the URL, so it is reported but not counted as failed.
    for asin, message in result.rejected_urls.items():
        if len(run.errors) < MAX_STORED_ERRORS:
            run.errors.append({"item": asin, "code": "RejectedURL", "message": message[:500]})


def ingestion_run_add_errors(run: IngestionRun, errors: Iterable[tuple[str, str, str]]) -> None:
    """Count every error; keep the first MAX_STORED_ERRORS for display."""
    for item, code, message in errors:
        run.items_failed += 1
        if len(run.errors) < MAX_STORED_ERRORS:
            run.errors.append({"item": item, "code": code, "message": message[:500]})


def ingestion_run_finish(run: IngestionRun, *, message: str = "", failed: bool = False) -> None:
    if failed:
        run.status = IngestionRun.Status.FAILED
    elif run.items_failed or run.refused:
        run.status = IngestionRun.Status.PARTIAL
    else:
        run.status = IngestionRun.Status.SUCCEEDED
    run.message = message
    run.finished_at = finished_at = timezone.now()
    run.save()
    if run.kind in ANNOUNCED_KINDS:
        catalogue_events_announce([_finished_event(run, at=finished_at)])


def _finished_event(run: IngestionRun, *, at: datetime) -> CatalogueEvent:
    return CatalogueEvent(
        kind=IMPORT_FINISHED,
        at=at,
        details={
            "run_id": run.pk,
            "kind": run.kind,
            "status": run.status,
            "description": run.description,
            "counts": {counter: getattr(run, counter) for counter in RUN_COUNTERS},
            "refused": len(run.refused),
        },
    )


def ingestion_runs_abandon_stale() -> int:
    """Runs whose worker died without finishing them are marked failed, with the reason."""
    cutoff = timezone.now() - ABANDONED_AFTER
    return IngestionRun.objects.filter(
        status=IngestionRun.Status.RUNNING, started_at__lt=cutoff
    ).update(
        status=IngestionRun.Status.FAILED,
        finished_at=timezone.now(),
        message="The worker stopped before finishing this run.",
    )

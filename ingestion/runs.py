"""Recording an ingestion run's progress and outcome where staff can see it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ingestion.models import MAX_STORED_ERRORS, RUN_COUNTERS, IngestionRun
from ingestion.tally import BatchTally
from products.events import IMPORT_FINISHED, CatalogueEvent, catalogue_events_announce

# Runs whose end is announced to webhooks: the ones staff asked for, not the routine refresh.
ANNOUNCED_KINDS = (IngestionRun.Kind.IMPORT, IngestionRun.Kind.WATCHLIST)

# A run still "running" after this long was lost with its worker and not redelivered (a
# hard time limit fails it at once): twice the tasks' hard limit of 300 s.
ABANDONED_AFTER = timedelta(minutes=10)

# What a run in which every item failed says, from the first error stored.
FIRST_CAUSE_MESSAGE = "Nothing was stored: {failed} failed, the first {item} with {code}: {cause}"

# What a run's task failing leaves on it; the counts already saved stay.
TASK_FAILED_MESSAGE = "The task stopped before the run finished: {reason}"


def ingestion_run_create(
    *, kind: str, description: str = "", requested: list[Any] | None = None, **fields: Any
) -> IngestionRun:
    return IngestionRun.objects.create(
        kind=kind, description=description[:500], requested=requested or [], **fields
    )


def ingestion_run_start(run: IngestionRun, *, task_id: str = "") -> None:
    """Mark the run started by `task_id`; a redelivered task restarts its counts from zero."""
    run.status = IngestionRun.Status.RUNNING
    run.task_id = task_id
    run.started_at = timezone.now()
    run.finished_at = None
    for counter in RUN_COUNTERS:
        setattr(run, counter, 0)
    run.errors = []
    run.message = ""
    run.save()


def ingestion_run_record(run: IngestionRun, tally: BatchTally) -> None:
    """Add a batch's figures to the stored run at once, so staff see a run's progress."""
    changes: dict[str, Any] = {
        counter: F(counter) + count
        for counter in RUN_COUNTERS
        if (count := getattr(tally, counter))
    }
    with transaction.atomic():
        if tally.errors:
            stored = (
                IngestionRun.objects.select_for_update()
                .values_list("errors", flat=True)
                .get(pk=run.pk)
            )
            if len(stored) < MAX_STORED_ERRORS:
                changes["errors"] = [*stored, *tally.errors][:MAX_STORED_ERRORS]
        if changes:
            IngestionRun.objects.filter(pk=run.pk).update(**changes)


def ingestion_run_finish(run: IngestionRun, *, message: str = "", failed: bool = False) -> None:
    """Set the outcome from the figures stored so far, and announce it where staff asked."""
    run.refresh_from_db(fields=[*RUN_COUNTERS, "errors", "refused"])
    if failed or _nothing_done(run):
        run.status = IngestionRun.Status.FAILED
    elif run.items_failed or run.refused:
        run.status = IngestionRun.Status.PARTIAL
    else:
        run.status = IngestionRun.Status.SUCCEEDED
    run.message = message or _first_cause(run)
    run.finished_at = finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    if run.kind in ANNOUNCED_KINDS:
        catalogue_events_announce([_finished_event(run, at=finished_at)])


def ingestion_run_fail_for_task(*, task_id: str, reason: str) -> int:
    """The unfinished run of a task that failed (an error past its retries, its hard time
    limit) is failed with the reason, instead of waiting for the abandoned-runs sweep."""
    if not task_id:
        return 0
    return IngestionRun.objects.filter(
        task_id=task_id, status__in=(IngestionRun.Status.QUEUED, IngestionRun.Status.RUNNING)
    ).update(
        status=IngestionRun.Status.FAILED,
        finished_at=timezone.now(),
        message=TASK_FAILED_MESSAGE.format(reason=reason)[:2000],
    )


def _nothing_done(run: IngestionRun) -> bool:
    """Every item failed and none was stored: an outage, which monitoring of failed runs
    must see, not a partial success."""
    stored = run.items_created + run.items_updated + run.items_unchanged
    return bool(run.items_failed) and not stored


def _first_cause(run: IngestionRun) -> str:
    if run.status != IngestionRun.Status.FAILED or not run.errors:
        return ""
    first = run.errors[0]
    return FIRST_CAUSE_MESSAGE.format(
        failed=run.items_failed, item=first["item"], code=first["code"], cause=first["message"]
    )[:2000]


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

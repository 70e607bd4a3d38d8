"""A run's outcome in a few lines, for commands and logs."""

from __future__ import annotations

from ingestion.models import IngestionRun


def run_summary(run: IngestionRun) -> str:
    seconds = (
        (run.finished_at - run.started_at).total_seconds()
        if run.finished_at and run.started_at
        else 0.0
    )
    lines = [
        f"{run.get_kind_display()} run #{run.pk}: {run.get_status_display()} in {seconds:.1f} s",
        f"  API requests {run.api_requests} (throttled {run.throttled}); items seen "
        f"{run.items_seen}: {run.items_created} created, {run.items_updated} updated, "
        f"{run.items_unchanged} unchanged, {run.items_failed} failed",
    ]
    lines.extend(f"  refused {r['entry']!r}: {r['message']}" for r in run.refused[:20])
    lines.extend(f"  {e['item']}: {e['code']}: {e['message']}" for e in run.errors[:20])
    if len(run.errors) > 20:
        lines.append(f"  ... {run.items_failed - 20} more errors in the admin")
    if run.message:
        lines.append(f"  {run.message}")
    return "\n".join(lines)

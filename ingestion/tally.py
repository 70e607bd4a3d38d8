"""What one batch of a run did: its counts and errors, saved to the run when the batch ends."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingestion.models import MAX_STORED_ERRORS
from products.services import UpsertResult


@dataclass
class BatchTally:
    """One request's worth of figures; the run adds them to its own in one atomic update."""

    api_requests: int = 0
    throttled: int = 0
    items_seen: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_failed: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def fail(self, errors: Iterable[tuple[str, str, str]]) -> None:
        """Count every (item, code, message) as failed; keep the first MAX_STORED_ERRORS."""
        for item, code, message in errors:
            self.items_failed += 1
            self.report(item, code, message)

    def report(self, item: str, code: str, message: str) -> None:
        """Keep an error for display without counting the item as failed."""
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"item": item, "code": code, "message": message[:500]})

    def count_upsert(self, result: UpsertResult) -> None:
        self.items_created += len(result.created)
        self.items_updated += len(result.updated)
        self.items_unchanged += len(result.unchanged)
        self.fail((asin, "InvalidItem", reason) for asin, reason in result.failed.items())
        # The product is stored without the URL, so it is reported but not counted as failed.
        for asin, message in result.rejected_urls.items():
            self.report(asin, "RejectedURL", message)

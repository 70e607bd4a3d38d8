"""Queues a recount once an import finishes, so a new catalogue need not wait for the hour."""

from __future__ import annotations

import logging
from typing import Any

from kombu.exceptions import OperationalError

from products.category_totals.tasks import category_totals_refresh
from products.events import IMPORT_FINISHED, CatalogueEvent, catalogue_events

logger = logging.getLogger(__name__)


def queue_recount(sender: Any, events: list[CatalogueEvent], **kwargs: Any) -> None:
    """Queue one recount for the batch; never fail or slow the import that announced."""
    if not any(e.kind == IMPORT_FINISHED for e in events):
        return
    try:
        category_totals_refresh.delay()
    except (OperationalError, OSError) as exc:
        # The hourly recount catches up; the import stands, which matters more.
        logger.error("category recount not queued: broker unavailable", exc_info=exc)


catalogue_events.connect(queue_recount, dispatch_uid="category_totals.queue_recount")

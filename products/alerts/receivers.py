"""Queues price alerts when a refresh lowers prices or brings products back in stock."""

from __future__ import annotations

import logging
from typing import Any

from kombu.exceptions import OperationalError

from products.alerts.tasks import price_alerts_send
from products.events import BACK_IN_STOCK, PRICE_DROPPED, CatalogueEvent, catalogue_events

logger = logging.getLogger(__name__)

# A target can be reached by a drop, or by a product returning at a price below it (which
# is no drop: its price was unknown while it was away).
ALERTING_EVENTS = {PRICE_DROPPED, BACK_IN_STOCK}


def queue_price_alerts(sender: Any, events: list[CatalogueEvent], **kwargs: Any) -> None:
    """Queue one task for the products concerned; never fail or slow the write that announced."""
    product_ids = sorted(
        {e.product_id for e in events if e.kind in ALERTING_EVENTS and e.product_id is not None}
    )
    if not product_ids:
        return
    try:
        price_alerts_send.delay(product_ids)
    except (OperationalError, OSError) as exc:
        # The drop is lost for alerts; the catalogue write stands, which matters more.
        logger.error(
            "price alerts not queued: broker unavailable",
            exc_info=exc,
            extra={"product_ids": product_ids[:50]},
        )


catalogue_events.connect(queue_price_alerts, dispatch_uid="alerts.queue_price_alerts")

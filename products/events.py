"""What changed in the catalogue, for the features that react to it (alerts, webhooks).

Writers announce events with `catalogue_events_announce`; receivers connect to
`catalogue_events` and must only queue work: they run inside ingestion, which a slow
receiver would hold up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from products.records import Availability

logger = logging.getLogger(__name__)

PRICE_DROPPED = "price_dropped"
BACK_IN_STOCK = "back_in_stock"
BECAME_UNAVAILABLE = "became_unavailable"
IMPORT_FINISHED = "import_finished"
# Staff or the stock monitor showed or hid a product on the storefront.
PUBLISHED = "published"
UNPUBLISHED = "unpublished"

EVENT_CHOICES = [
    (PRICE_DROPPED, "Price dropped"),
    (BACK_IN_STOCK, "Back in stock"),
    (BECAME_UNAVAILABLE, "Became unavailable"),
    (IMPORT_FINISHED, "Import finished"),
    (PUBLISHED, "Published"),
    (UNPUBLISHED, "Unpublished"),
]

# Sent once per write, after it commits, with `events: list[CatalogueEvent]`.
catalogue_events = Signal()


@dataclass(frozen=True)
class CatalogueEvent:
    kind: str
    at: datetime
    product_id: int | None = None
    marketplace: str = ""
    asin: str = ""
    old_amount: Decimal | None = None
    new_amount: Decimal | None = None
    currency: str = ""
    old_availability: str = ""
    new_availability: str = ""
    # For IMPORT_FINISHED: the run's id, status and counts.
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form: decimals as strings, the time in ISO 8601."""
        data = asdict(self)
        data["at"] = self.at.isoformat()
        for name in ("old_amount", "new_amount"):
            if data[name] is not None:
                data[name] = str(data[name])
        return data


def product_change_events(
    *,
    product_id: int,
    marketplace: str,
    asin: str,
    at: datetime,
    before: tuple[Decimal | None, str, str] | None,
    after: tuple[Decimal | None, str, str],
) -> list[CatalogueEvent]:
    """Events for one product whose (price, currency, availability) went from before to after.

    A product seen for the first time has no before, so it raises no event.
    """
    if before is None:
        return []
    old_amount, old_currency, old_availability = before
    new_amount, currency, new_availability = after
    event = partial(
        CatalogueEvent,
        product_id=product_id,
        marketplace=marketplace,
        asin=asin,
        at=at,
        old_amount=old_amount,
        new_amount=new_amount,
        currency=currency,
        old_availability=old_availability,
        new_availability=new_availability,
    )
    events = []
    if (
        old_amount is not None
        and new_amount is not None
        and old_currency == currency
        and new_amount < old_amount
    ):
        events.append(event(kind=PRICE_DROPPED))
    if new_availability == Availability.IN_STOCK and old_availability != Availability.IN_STOCK:
        events.append(event(kind=BACK_IN_STOCK))
    if (
        new_availability == Availability.UNAVAILABLE
        and old_availability != Availability.UNAVAILABLE
    ):
        events.append(event(kind=BECAME_UNAVAILABLE))
    return events


def publication_events(
    products: Iterable[tuple[int, str, str]], *, published: bool, at: datetime
) -> list[CatalogueEvent]:
    """One PUBLISHED or UNPUBLISHED event per (id, marketplace, asin) shown or hidden."""
    kind = PUBLISHED if published else UNPUBLISHED
    return [
        CatalogueEvent(kind=kind, at=at, product_id=pk, marketplace=marketplace, asin=asin)
        for pk, marketplace, asin in products
    ]


def catalogue_events_announce(events: Sequence[CatalogueEvent]) -> None:
    """Send the events once the current transaction commits (at once outside one)."""
    if not events:
        return
    batch = list(events)
    transaction.on_commit(lambda: _send(batch))


def _send(events: list[CatalogueEvent]) -> None:
    for receiver, response in catalogue_events.send_robust(sender=CatalogueEvent, events=events):
        if isinstance(response, Exception):
            # A receiver's failure must never undo or fail the write that announced it.
            logger.error(
                "catalogue event receiver failed",
                exc_info=response,
                extra={"receiver": getattr(receiver, "__qualname__", str(receiver))},
            )

"""The catalogue_events receiver: records deliveries and queues them, never sends itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from products.events import CatalogueEvent
from products.webhooks.deliveries import webhook_deliveries_create
from products.webhooks.tasks import deliveries_enqueue


def queue_webhook_deliveries(sender: Any, events: Sequence[CatalogueEvent], **kwargs: Any) -> None:
    ids = [delivery.pk for delivery in webhook_deliveries_create(events)]
    if ids:
        transaction.on_commit(lambda: deliveries_enqueue(ids))

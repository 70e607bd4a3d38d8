"""Keeping shown prices fresh: the oldest prices first, in full batches of 10 ASINs."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ingestion.gateway import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.items import items_fetch
from ingestion.regions import region_stores
from ingestion.tally import BatchTally
from products.selectors import products_due_for_refresh

logger = logging.getLogger(__name__)

# A price confirmed within the last hour is not due: Amazon asks for an "as of" time on
# prices refreshed less often than hourly, so refreshing sooner buys the visitor nothing.
MIN_REFRESH_AGE = timedelta(hours=1)


def refresh_batches(
    *, max_batches: int, older_than: datetime, marketplaces: list[str] | None = None
) -> list[tuple[str, list[str]]]:
    """Due products of the stores (default: every carried one) grouped per marketplace into
    requests of 10, oldest first overall."""
    due = products_due_for_refresh(
        marketplaces=list(settings.AMAZON_MARKETPLACES if marketplaces is None else marketplaces),
        older_than=older_than,
        limit=max_batches * MAX_ITEMS_PER_REQUEST,
    )
    per_marketplace: dict[str, list[str]] = defaultdict(list)
    for marketplace, asin in due:
        per_marketplace[marketplace].append(asin)
    batches = [
        (marketplace, asins[start : start + MAX_ITEMS_PER_REQUEST])
        for marketplace, asins in per_marketplace.items()
        for start in range(0, len(asins), MAX_ITEMS_PER_REQUEST)
    ]
    # Full batches first, so a run cut short by its budget spends requests at 10 items each.
    batches.sort(key=lambda batch: len(batch[1]) < MAX_ITEMS_PER_REQUEST)
    return batches[:max_batches]


def prices_due(*, regions: list[str], older_than: datetime) -> bool:
    """Whether any store of the regions has a price due for refresh."""
    stores = [store for region in regions for store in region_stores(region)]
    return bool(refresh_batches(max_batches=1, older_than=older_than, marketplaces=stores))


def refresh_cutoff(older_than: datetime | None = None) -> datetime:
    return older_than or timezone.now() - MIN_REFRESH_AGE


def prices_refresh(
    gateway: CreatorsGateway,
    *,
    batches_per_region: dict[str, int],
    older_than: datetime | None = None,
) -> Iterator[BatchTally]:
    """Refresh the stalest prices of each region's stores, up to its number of requests
    (each region's credential has its own quota), a tally per request."""
    cutoff = refresh_cutoff(older_than)
    for region, max_batches in batches_per_region.items():
        batches = refresh_batches(
            max_batches=max_batches, older_than=cutoff, marketplaces=region_stores(region)
        )
        for marketplace, asins in batches:
            yield items_fetch(gateway, marketplace=marketplace, asins=asins, mark_gone=True)

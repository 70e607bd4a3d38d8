"""Items from one Creators API request into the catalogue: mapped, stored, tallied."""

from __future__ import annotations

from django.utils import timezone

from ingestion.gateway import CreatorsGateway, ItemError
from ingestion.mapping import ItemWithoutAsin, item_to_record
from ingestion.retry_policy import BatchFailed, call_with_retries
from ingestion.tally import BatchTally
from products.records import ProductRecord
from products.services import product_upsert, products_mark_unavailable

# Amazon's per-item codes that mean the item is gone from the API for this account.
GONE_CODES = {"ItemNotAccessible", "ItemNotFound", "InvalidItemId", "ItemsNotFound"}


def items_store(items: list[dict[str, object]], *, marketplace: str, tally: BatchTally) -> None:
    """Map and upsert what an answer carried, counting the outcome on the tally."""
    records = _records(items, marketplace=marketplace, tally=tally)
    tally.items_seen += len(records)
    tally.count_upsert(product_upsert(records))


def items_fetch(
    gateway: CreatorsGateway, *, marketplace: str, asins: list[str], mark_gone: bool
) -> BatchTally:
    """GetItems for up to 10 ASINs; items Amazon no longer serves are marked unavailable."""
    tally = BatchTally()
    try:
        outcome = call_with_retries(
            lambda: gateway.get_items(marketplace=marketplace, asins=asins), tally=tally
        )
    except BatchFailed as error:
        tally.fail((asin, "RequestFailed", str(error)) for asin in asins)
        return tally
    items_store(outcome.items, marketplace=marketplace, tally=tally)
    _item_errors_record(outcome.errors, marketplace=marketplace, mark_gone=mark_gone, tally=tally)
    return tally


def _records(
    items: list[dict[str, object]], *, marketplace: str, tally: BatchTally
) -> list[ProductRecord]:
    fetched_at = timezone.now()
    records = []
    for item in items:
        try:
            records.append(item_to_record(item, marketplace=marketplace, fetched_at=fetched_at))
        except ItemWithoutAsin as error:
            tally.fail([("?", "ItemWithoutAsin", str(error))])
    return records


def _item_errors_record(
    errors: list[ItemError], *, marketplace: str, mark_gone: bool, tally: BatchTally
) -> None:
    tally.fail((e.asin, e.code, e.message) for e in errors)
    gone = [e.asin for e in errors if e.code in GONE_CODES]
    if mark_gone and gone:
        products_mark_unavailable(marketplace=marketplace, asins=gone, at=timezone.now())

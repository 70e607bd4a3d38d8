"""Refreshing the names and ancestry of the browse nodes the catalogue uses."""

from __future__ import annotations

from collections.abc import Iterator

from ingestion.gateway import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.mapping import category_from_node
from ingestion.retry_policy import BatchFailed, call_with_retries
from ingestion.tally import BatchTally
from products.models import Category
from products.services import categories_upsert


def browse_nodes_refresh(gateway: CreatorsGateway, *, marketplace: str) -> Iterator[BatchTally]:
    """Read the store's known nodes 10 at a time, a tally per request."""
    node_ids = list(
        Category.objects.filter(marketplace=marketplace)
        .order_by("path")
        .values_list("node_id", flat=True)
    )
    for start in range(0, len(node_ids), MAX_ITEMS_PER_REQUEST):
        batch = node_ids[start : start + MAX_ITEMS_PER_REQUEST]
        tally = BatchTally()
        try:
            outcome = call_with_retries(
                lambda batch=batch: gateway.get_browse_nodes(  # type: ignore[misc]
                    marketplace=marketplace, node_ids=batch
                ),
                tally=tally,
            )
        except BatchFailed as error:
            tally.fail((node, "RequestFailed", str(error)) for node in batch)
            yield tally
            continue
        records = [r for node in outcome.nodes if (r := category_from_node(node)) is not None]
        categories_upsert(marketplace, records)
        tally.items_seen += len(records)
        tally.items_updated += len(records)
        tally.fail((marketplace, code, message) for code, message in outcome.errors)
        yield tally

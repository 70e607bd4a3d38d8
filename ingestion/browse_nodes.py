"""Refreshing the names and ancestry of the browse nodes the catalogue uses."""

from __future__ import annotations

from ingestion.batches import BatchFailed, call_with_retries
from ingestion.client import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.mapping import category_from_node
from ingestion.models import IngestionRun
from ingestion.runs import ingestion_run_add_errors
from products.categories import categories_upsert
from products.models import Category


def browse_nodes_refresh(run: IngestionRun, gateway: CreatorsGateway, *, marketplace: str) -> None:
    node_ids = list(
        Category.objects.filter(marketplace=marketplace)
        .order_by("path")
        .values_list("node_id", flat=True)
    )
    for start in range(0, len(node_ids), MAX_ITEMS_PER_REQUEST):
        batch = node_ids[start : start + MAX_ITEMS_PER_REQUEST]
        try:
            outcome = call_with_retries(
                run,
                lambda batch=batch: gateway.get_browse_nodes(  # type: ignore[misc]
                    marketplace=marketplace, node_ids=batch
                ),
            )
        except BatchFailed as error:
            ingestion_run_add_errors(run, ((node, "RequestFailed", str(error)) for node in batch))
            continue
        records = [r for node in outcome.nodes if (r := category_from_node(node)) is not None]
        run.items_seen += len(records)
        categories_upsert(marketplace, records)
        run.items_updated += len(records)
        ingestion_run_add_errors(
            run, ((marketplace, code, message) for code, message in outcome.errors)
        )

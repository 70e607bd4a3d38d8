"""Running a watchlist: read its search result pages and store every item found."""

from __future__ import annotations

from ingestion.batches import BatchFailed, call_with_retries, store_items
from ingestion.client import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.models import IngestionRun, Watchlist
from ingestion.runs import ingestion_run_add_errors


def watchlist_run(run: IngestionRun, gateway: CreatorsGateway, watchlist: Watchlist) -> None:
    """Read up to `watchlist.pages` pages; stop early when the results run out."""
    for page in range(1, watchlist.pages + 1):
        try:
            outcome = call_with_retries(
                run,
                lambda page=page: gateway.search_items(  # type: ignore[misc]
                    marketplace=watchlist.marketplace,
                    keywords=watchlist.keywords or None,
                    browse_node_id=watchlist.browse_node_id or None,
                    search_index=watchlist.search_index or None,
                    page=page,
                ),
            )
        except BatchFailed as error:
            ingestion_run_add_errors(run, [(f"page {page}", "RequestFailed", str(error))])
            break
        store_items(run, outcome.items, marketplace=watchlist.marketplace)
        if (
            len(outcome.items) < MAX_ITEMS_PER_REQUEST
            or page * MAX_ITEMS_PER_REQUEST >= outcome.total
        ):
            break

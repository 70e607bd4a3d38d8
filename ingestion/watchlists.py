"""Running a watchlist: read its search result pages and store every item found."""

from __future__ import annotations

from collections.abc import Iterator

from ingestion.gateway import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.items import items_store
from ingestion.models import Watchlist
from ingestion.retry_policy import BatchFailed, call_with_retries
from ingestion.tally import BatchTally


def watchlist_run(gateway: CreatorsGateway, watchlist: Watchlist) -> Iterator[BatchTally]:
    """Read up to `watchlist.pages` pages, a tally per page; stop when the results run out."""
    for page in range(1, watchlist.pages + 1):
        tally = BatchTally()
        try:
            outcome = call_with_retries(
                lambda page=page: gateway.search_items(  # type: ignore[misc]
                    marketplace=watchlist.marketplace,
                    keywords=watchlist.keywords or None,
                    browse_node_id=watchlist.browse_node_id or None,
                    search_index=watchlist.search_index or None,
                    page=page,
                ),
                tally=tally,
            )
        except BatchFailed as error:
            tally.fail([(f"page {page}", "RequestFailed", str(error))])
            yield tally
            return
        items_store(outcome.items, marketplace=watchlist.marketplace, tally=tally)
        yield tally
        if (
            len(outcome.items) < MAX_ITEMS_PER_REQUEST
            or page * MAX_ITEMS_PER_REQUEST >= outcome.total
        ):
            return

"""searchItems over the synthetic catalogue: postings for words, brands and browse nodes.

Offer-based filters and price sorting look at prices, which drift, so they are applied while
walking the candidates; past `SCAN_LIMIT` candidates the total is an estimate, as Amazon's
`totalResultCount` is too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.sandbox import taxonomy
from ingestion.sandbox.catalogue import Catalogue, tokenize
from ingestion.sandbox.items import Storefront
from ingestion.sandbox.money import smallest_unit
from ingestion.sandbox.offers import listing

SCAN_LIMIT = 1_000
SORTS = {
    "AvgCustomerReviews",
    "Featured",
    "NewestArrivals",
    "Price:HighToLow",
    "Price:LowToHigh",
    "Relevance",
}


@dataclass(frozen=True)
class SearchQuery:
    """The searchItems criteria the sandbox understands."""

    keywords: str | None = None
    brand: str | None = None
    title: str | None = None
    browse_node_id: str | None = None
    search_index: str | None = None
    # Actor, artist or author: the catalogue holds no media, so these match nothing.
    media: bool = False
    min_price: int | None = None
    max_price: int | None = None
    min_saving_percent: int | None = None
    include_out_of_stock: bool = False
    sort_by: str = "Relevance"


def search(
    catalogue: Catalogue, query: SearchQuery, store: Storefront, *, wanted: int
) -> tuple[int, list[int]]:
    """The (estimated) number of matches and the first `wanted` matching indexes, in order."""
    candidates = [
        i for i in _candidates(catalogue, query) if catalogue.carries(i, store.marketplace)
    ]
    if query.sort_by == "NewestArrivals":
        candidates.reverse()
    scanned = candidates[: max(SCAN_LIMIT, wanted)]
    matched: list[tuple[float | None, int]] = []
    for index in scanned:
        passes, amount = _match(catalogue, index, query, store)
        if passes:
            matched.append((amount, index))
    sign = {"Price:LowToHigh": 1, "Price:HighToLow": -1}.get(query.sort_by)
    if sign is not None:
        # Unpriced items go last either way.
        matched.sort(key=lambda m: (m[0] is None, sign * (m[0] or 0)))
    total = len(matched)
    if len(scanned) < len(candidates):
        total = round(total * len(candidates) / len(scanned))
    return total, [index for _, index in matched[:wanted]]


def _candidates(catalogue: Catalogue, query: SearchQuery) -> list[int]:
    """Indexes passing the criteria the postings answer, in index order."""
    if query.media:
        return []
    postings = catalogue.search_index
    lists: list[list[int]] = []
    words = tokenize(" ".join(filter(None, (query.keywords, query.title))))
    lists.extend(postings.words.get(word, []) for word in words)
    if query.brand is not None:
        lists.append(postings.brands.get(query.brand.casefold(), []))
    if query.browse_node_id is not None:
        lists.append(postings.nodes.get(query.browse_node_id, []))
    if query.search_index not in (None, "All"):
        roots = [n for n in taxonomy.all_nodes().values() if n.parent_id is None]
        root = next(n for n in roots if n.search_index == query.search_index)
        lists.append(postings.nodes.get(root.id, []))
    if not lists:
        # Only searchIndex=All: everything buyable.
        return sorted(i for ids in postings.brands.values() for i in ids)
    lists.sort(key=len)
    others = [set(ids) for ids in lists[1:]]
    return [i for i in lists[0] if all(i in other for other in others)]


def _match(
    catalogue: Catalogue, index: int, query: SearchQuery, store: Storefront
) -> tuple[bool, float | None]:
    """Whether the product at `index` passes the title and offer filters, and its price."""
    product = catalogue.product(index)
    if query.title is not None and query.title.casefold() not in product.title.casefold():
        return False, None
    offer = listing(
        product, store.marketplace, seed=store.seed, now=store.now, drift_period=store.drift_period
    )
    in_stock = offer is not None and offer["availability"]["type"] != "OUT_OF_STOCK"
    if not in_stock and not query.include_out_of_stock:
        return False, None
    price = offer.get("price", {}) if offer else {}
    amount = price.get("money", {}).get("amount")
    needs_price = query.min_price is not None or query.max_price is not None
    if needs_price and amount is None:
        return False, None
    if amount is not None:
        units = smallest_unit(amount, store.marketplace)
        if query.min_price is not None and units < query.min_price:
            return False, None
        if query.max_price is not None and units > query.max_price:
            return False, None
    saving = price.get("savings", {}).get("percentage", 0)
    if query.min_saving_percent is not None and saving < query.min_saving_percent:
        return False, None
    return True, amount

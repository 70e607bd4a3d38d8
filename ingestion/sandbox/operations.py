"""The four catalog operations: a validated request body in, the answer's JSON out."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from ingestion.sandbox import taxonomy, validation
from ingestion.sandbox.catalogue import AsinKind, Catalogue
from ingestion.sandbox.config import SandboxConfig
from ingestion.sandbox.faults import is_malformed, malform
from ingestion.sandbox.items import Storefront, render_item, render_node
from ingestion.sandbox.money import money
from ingestion.sandbox.resources import OPERATION_RESOURCES, ResourceTree, prune
from ingestion.sandbox.responses import not_found, validation_error
from ingestion.sandbox.search import SORTS, SearchQuery, search
from products.marketplaces import MARKETPLACES

MAX_ITEM_IDS = 10
MAX_PAGE = 10
MAX_VARIATION_COUNT = 10
MAX_BROWSE_NODE_IDS = 10
_CRITERIA = (
    "keywords",
    "brand",
    "title",
    "browseNodeId",
    "searchIndex",
    "actor",
    "artist",
    "author",
)
_ITEM_RESOURCES = ResourceTree.of(OPERATION_RESOURCES["getItems"])
_ITEM_ERRORS = {
    AsinKind.INVALID: ("InvalidItemId", "The ItemId {} provided in the request is invalid."),
    AsinKind.NOT_FOUND: ("ItemNotFound", "The ItemId {} is not found in this marketplace."),
    AsinKind.NOT_ACCESSIBLE: (
        "ItemNotAccessible",
        "The ItemId {} is not accessible through the Creators API.",
    ),
}


@dataclass(frozen=True)
class Call:
    """One authorised request: the settings and catalogue it sees, its store and its time."""

    config: SandboxConfig
    catalogue: Catalogue
    marketplace: str
    image_base: str
    now: float

    def storefront(self, body: dict[str, Any]) -> Storefront:
        tag = validation.partner_tag(body, self.config.store_tags().get(self.marketplace, ""))
        return Storefront(
            marketplace=self.marketplace,
            partner_tag=tag,
            image_base=self.image_base,
            seed=self.config.seed,
            now=self.now,
            drift_period=self.config.drift_period,
        )

    def item(self, index: int, store: Storefront, resources: ResourceTree) -> dict[str, Any]:
        """The item at `index` as asked for, malformed for the configured share of ASINs."""
        full = render_item(self.catalogue.product(index), store)
        item: dict[str, Any] = prune(full, resources, _ITEM_RESOURCES)
        if is_malformed(item["asin"], seed=self.config.seed, rate=self.config.malformed_rate):
            return malform(item, seed=self.config.seed)
        return item


def get_items(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Up to ten items by ASIN; the ones it cannot return are listed in `errors`."""
    store = call.storefront(body)
    item_ids = validation.text_list(body, "itemIds", low=1, high=MAX_ITEM_IDS)
    resources = validation.resources(body, "getItems")
    items, errors = [], []
    for item_id in dict.fromkeys(item_ids):
        kind = call.catalogue.classify(item_id, call.marketplace)
        index = call.catalogue.index_of(item_id)
        if kind is AsinKind.FOUND and index is not None:
            items.append(call.item(index, store, resources))
        else:
            code, message = _ITEM_ERRORS[kind]
            errors.append({"code": code, "message": message.format(item_id)})
    answer: dict[str, Any] = {}
    if items:
        answer["itemsResult"] = {"items": items}
    if errors:
        answer["errors"] = errors
    return answer


def search_items(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """A page of products matching keywords, brand, title, browse node or search index."""
    store = call.storefront(body)
    query = _search_query(body)
    count = validation.integer(
        body, "itemCount", low=1, high=call.config.search_item_count_max, default=10
    )
    page = validation.integer(body, "itemPage", low=1, high=MAX_PAGE, default=1)
    resources = validation.resources(body, "searchItems")
    total, indexes = search(call.catalogue, query, store, wanted=page * count)
    page_indexes = indexes[(page - 1) * count : page * count]
    description = " ".join(
        f"{k}={v}" for k, v in body.items() if k in _CRITERIA and isinstance(v, str)
    )
    if not page_indexes:
        raise not_found(
            "No results found for the search", resource_id=description, resource_type="SearchItems"
        )
    host = MARKETPLACES[call.marketplace].host
    return {
        "searchResult": {
            "totalResultCount": total,
            "searchURL": f"https://{host}/s?k={quote_plus(query.keywords or '')}"
            f"&tag={quote_plus(store.partner_tag)}&linkCode=osi",
            "items": [call.item(i, store, resources) for i in page_indexes],
        }
    }


def _search_query(body: dict[str, Any]) -> SearchQuery:
    criteria = {name: validation.optional_text(body, name) for name in _CRITERIA}
    if all(value is None for value in criteria.values()):
        raise validation_error(
            f"At least one of {', '.join(_CRITERIA)} is required", field_name="keywords"
        )
    search_index = criteria["searchIndex"]
    if search_index is not None and search_index not in taxonomy.search_indexes() | {"All"}:
        raise validation_error(
            f"{search_index} is not a valid searchIndex", field_name="searchIndex"
        )
    availability = validation.choice(
        body, "availability", {"Available", "IncludeOutOfStock"}, "Available"
    )
    return SearchQuery(
        keywords=criteria["keywords"],
        brand=criteria["brand"],
        title=criteria["title"],
        browse_node_id=criteria["browseNodeId"],
        search_index=search_index,
        media=any(criteria[name] is not None for name in ("actor", "artist", "author")),
        min_price=_optional_integer(body, "minPrice", low=1, high=None),
        max_price=_optional_integer(body, "maxPrice", low=1, high=None),
        min_saving_percent=_optional_integer(body, "minSavingPercent", low=1, high=99),
        include_out_of_stock=availability == "IncludeOutOfStock",
        sort_by=validation.choice(body, "sortBy", SORTS, "Relevance"),
    )


def _optional_integer(body: dict[str, Any], name: str, *, low: int, high: int | None) -> int | None:
    if body.get(name) is None:
        return None
    return validation.integer(body, name, low=low, high=high, default=low)


def get_variations(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """A page of the children of a variation family, from the parent or any child ASIN."""
    store = call.storefront(body)
    asin = validation.optional_text(body, "asin")
    if asin is None:
        raise validation_error("asin is required", field_name="asin")
    count = validation.integer(body, "variationCount", low=1, high=MAX_VARIATION_COUNT, default=10)
    page = validation.integer(body, "variationPage", low=1, high=None, default=1)
    resources = validation.resources(body, "getVariations")
    catalogue = call.catalogue
    kind = catalogue.classify(asin, call.marketplace)
    if kind is AsinKind.INVALID:
        raise validation_error(f"The ASIN {asin} is invalid", field_name="asin")
    index = catalogue.index_of(asin) if kind is AsinKind.FOUND else None
    parent = (
        None
        if index is None
        else (index if catalogue.is_parent(index) else catalogue.parent_of(index))
    )
    if parent is None:
        raise not_found(
            f"The ASIN {asin} has no variations", resource_id=asin, resource_type="ASIN"
        )
    children = catalogue.children(parent)
    page_count = math.ceil(len(children) / count)
    if page > page_count:
        raise validation_error(
            f"variationPage {page} is past the last page, {page_count}", field_name="variationPage"
        )
    items = [call.item(i, store, resources) for i in children[(page - 1) * count : page * count]]
    summary = _variation_summary(call, store, children, page_count)
    summary_resources = resources.children.get("variationSummary", ResourceTree())
    known = ResourceTree.of(OPERATION_RESOURCES["getVariations"]).children["variationSummary"]
    pruned = prune(summary, summary_resources, known)
    # Counts come with every summary, like the page count of a search.
    pruned.update(pageCount=page_count, variationCount=len(children))
    return {"variationsResult": {"items": items, "variationSummary": pruned}}


def _variation_summary(
    call: Call, store: Storefront, children: list[int], page_count: int
) -> dict[str, Any]:
    products = [call.catalogue.product(i) for i in children]
    full_items = [render_item(p, store) for p in products]
    amounts = [
        listing["price"]["money"]["amount"]
        for item in full_items
        for listing in item.get("offersV2", {}).get("listings", [])
        if "money" in listing.get("price", {})
    ]
    summary: dict[str, Any] = {
        "pageCount": page_count,
        "variationCount": len(children),
        "variationDimensions": [
            {
                "name": "color_name",
                "displayName": "Colour",
                "locale": store.locale,
                "values": sorted({p.colour for p in products}),
            },
            {
                "name": "size_name",
                "displayName": "Size",
                "locale": store.locale,
                "values": sorted({p.size for p in products}),
            },
        ],
    }
    if amounts:
        summary["price"] = {
            "lowestPrice": money(min(amounts), call.marketplace),
            "highestPrice": money(max(amounts), call.marketplace),
        }
    return summary


def get_browse_nodes(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Up to ten browse nodes with their ancestors and children; unknown ids in `errors`."""
    validation.partner_tag(body, call.config.store_tags().get(call.marketplace, ""))
    node_ids = validation.text_list(body, "browseNodeIds", low=1, high=MAX_BROWSE_NODE_IDS)
    asked = body.get("resources", [])
    validation.resources(body, "getBrowseNodes")
    nodes = taxonomy.all_nodes()
    found, errors = [], []
    for node_id in dict.fromkeys(node_ids):
        if node_id in nodes:
            found.append(render_node(nodes[node_id], with_children=True))
        else:
            message = f"The BrowseNodeId {node_id} provided in the request is invalid."
            errors.append({"code": "InvalidParameterValue", "message": message})
    answer: dict[str, Any] = {}
    if found:
        requested = ResourceTree.of(["browseNodes", *asked])
        known = ResourceTree.of(OPERATION_RESOURCES["getBrowseNodes"])
        answer["browseNodesResult"] = prune({"browseNodes": found}, requested, known)
    if errors:
        answer["errors"] = errors
    return answer


OPERATIONS: dict[str, Callable[[Call, dict[str, Any]], dict[str, Any]]] = {
    "getItems": get_items,
    "searchItems": search_items,
    "getVariations": get_variations,
    "getBrowseNodes": get_browse_nodes,
}

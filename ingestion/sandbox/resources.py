"""The `resources` of a request: which parts of an answer the caller asked for.

As on the real API, an answer carries only what was asked for, so a client that forgets a
resource finds out here rather than in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_ITEM_RESOURCES = (
    "browseNodeInfo.browseNodes",
    "browseNodeInfo.browseNodes.ancestor",
    "browseNodeInfo.browseNodes.salesRank",
    "browseNodeInfo.websiteSalesRank",
    "customerReviews.count",
    "customerReviews.starRating",
    "images.primary.small",
    "images.primary.medium",
    "images.primary.large",
    "images.primary.highRes",
    "images.variants.small",
    "images.variants.medium",
    "images.variants.large",
    "images.variants.highRes",
    "itemInfo.byLineInfo",
    "itemInfo.contentInfo",
    "itemInfo.contentRating",
    "itemInfo.classifications",
    "itemInfo.externalIds",
    "itemInfo.features",
    "itemInfo.manufactureInfo",
    "itemInfo.productInfo",
    "itemInfo.technicalInfo",
    "itemInfo.title",
    "itemInfo.tradeInInfo",
    "parentASIN",
    "offersV2.listings.availability",
    "offersV2.listings.condition",
    "offersV2.listings.dealDetails",
    "offersV2.listings.isBuyBoxWinner",
    "offersV2.listings.loyaltyPoints",
    "offersV2.listings.merchantInfo",
    "offersV2.listings.price",
    "offersV2.listings.type",
)
OPERATION_RESOURCES: dict[str, frozenset[str]] = {
    "getItems": frozenset(_ITEM_RESOURCES),
    "searchItems": frozenset((*_ITEM_RESOURCES, "searchRefinements")),
    "getVariations": frozenset(
        (
            *_ITEM_RESOURCES,
            "variationSummary.price.highestPrice",
            "variationSummary.price.lowestPrice",
            "variationSummary.variationDimension",
        )
    ),
    "getBrowseNodes": frozenset(("browseNodes.ancestor", "browseNodes.children")),
}
# Resource names that differ from the answer's field names.
_FIELD_NAMES = {"highRes": "hiRes", "variationDimension": "variationDimensions"}


@dataclass
class ResourceTree:
    """A path of an answer: whether it was named whole, and the named paths below it."""

    named: bool = False
    children: dict[str, ResourceTree] = field(default_factory=dict)

    @classmethod
    def of(cls, resources: list[str] | frozenset[str]) -> ResourceTree:
        root = cls(named=True)
        for resource in resources:
            node = root
            for part in resource.split("."):
                node = node.children.setdefault(_FIELD_NAMES.get(part, part), cls())
            node.named = True
        return root


def prune(value: Any, requested: ResourceTree, known: ResourceTree) -> Any:
    """`value` without the resources that `known` lists and `requested` does not."""
    if isinstance(value, list):
        return [prune(element, requested, known) for element in value]
    if not isinstance(value, dict):
        return value
    kept: dict[str, Any] = {}
    for key, child in value.items():
        if key in known.children:
            if key in requested.children:
                kept[key] = prune(child, requested.children[key], known.children[key])
        elif requested.named:
            kept[key] = child
    return kept

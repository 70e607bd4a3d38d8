"""Answers carry only the resources asked for."""

from __future__ import annotations

from ingestion.sandbox.resources import OPERATION_RESOURCES, ResourceTree, prune

ITEM = {
    "asin": "B012345678",
    "detailPageURL": "https://www.amazon.com/dp/B012345678",
    "itemInfo": {"title": {"displayValue": "T"}, "features": {"displayValues": ["f"]}},
    "images": {"primary": {"small": {"url": "s"}, "hiRes": {"url": "h"}}},
    "browseNodeInfo": {
        "browseNodes": [{"id": "1", "displayName": "N", "ancestor": {"id": "0"}, "salesRank": 3}]
    },
    "offersV2": {"listings": [{"price": {"money": {"amount": 1}}, "availability": {}}]},
}
KNOWN = ResourceTree.of(OPERATION_RESOURCES["getItems"])


def test_no_resources_leaves_asin_and_detail_page_url() -> None:
    assert prune(ITEM, ResourceTree.of([]), KNOWN) == {
        "asin": "B012345678",
        "detailPageURL": "https://www.amazon.com/dp/B012345678",
    }


def test_resources_select_branches_and_their_named_parts() -> None:
    asked = ResourceTree.of(
        [
            "itemInfo.title",
            "images.primary.highRes",
            "browseNodeInfo.browseNodes",
            "offersV2.listings.price",
        ]
    )

    pruned = prune(ITEM, asked, KNOWN)

    assert pruned["itemInfo"] == {"title": {"displayValue": "T"}}
    assert pruned["images"] == {"primary": {"hiRes": {"url": "h"}}}
    assert pruned["browseNodeInfo"] == {"browseNodes": [{"id": "1", "displayName": "N"}]}
    assert pruned["offersV2"] == {"listings": [{"price": {"money": {"amount": 1}}}]}


def test_all_resources_keep_everything() -> None:
    assert prune(ITEM, KNOWN, KNOWN) == ITEM


def test_a_sub_resource_alone_brings_only_itself() -> None:
    asked = ResourceTree.of(["browseNodeInfo.browseNodes.salesRank"])

    pruned = prune(ITEM, asked, KNOWN)

    assert pruned["browseNodeInfo"] == {"browseNodes": [{"salesRank": 3}]}

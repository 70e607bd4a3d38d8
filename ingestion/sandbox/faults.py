"""Injected trouble: server errors at random, and items missing parts or holding odd values.

Malformed items stay valid for the SDK's models (every field there is optional), since the
real API's oddities are of that kind: absent sections and surprising values, not bad JSON.
"""

from __future__ import annotations

import copy
import random
import threading
from collections.abc import Callable
from typing import Any

from ingestion.sandbox.draws import fraction


class Dice:
    """Random draws shared by all request threads, reproducible from the seed."""

    def __init__(self, seed: int) -> None:
        # Reproducible, not secret: the sequence of injected errors repeats for a seed.
        self._random = random.Random(seed)  # noqa: S311
        self._lock = threading.Lock()

    def roll(self, rate: float) -> bool:
        """True with probability `rate`."""
        if rate <= 0:
            return False
        with self._lock:
            return self._random.random() < rate


def is_malformed(asin: str, *, seed: int, rate: float) -> bool:
    """Whether `asin` is served malformed; the same items stay malformed at a given rate."""
    return fraction(seed, asin, "malformed") < rate


def malform(item: dict[str, Any], *, seed: int) -> dict[str, Any]:
    """A copy of `item` damaged in one of the ways below, chosen by its ASIN."""
    damaged = copy.deepcopy(item)
    kinds = sorted(DAMAGES)
    kind = kinds[int(fraction(seed, item["asin"], "malformation") * len(kinds))]
    DAMAGES[kind](damaged)
    return damaged


def _drop_item_info(item: dict[str, Any]) -> None:
    item.pop("itemInfo", None)


def _drop_offers(item: dict[str, Any]) -> None:
    item.pop("offersV2", None)


def _empty_listings(item: dict[str, Any]) -> None:
    item["offersV2"] = {"listings": []}


def _price_without_money(item: dict[str, Any]) -> None:
    for entry in item.get("offersV2", {}).get("listings", []):
        entry["price"] = {"savings": {"percentage": 0}}
        entry.pop("availability", None)


def _blank_text(item: dict[str, Any]) -> None:
    info = item.setdefault("itemInfo", {})
    info["title"] = {"displayValue": "", "label": "Title"}
    info["features"] = {"displayValues": []}
    info["byLineInfo"] = {}


def _bare_images(item: dict[str, Any]) -> None:
    small = item.get("images", {}).get("primary", {}).get("small", {})
    item["images"] = {"primary": {"small": {"url": small.get("url", "")}}, "variants": []}


def _odd_values(item: dict[str, Any]) -> None:
    for node in item.get("browseNodeInfo", {}).get("browseNodes", []):
        node["salesRank"] = 1234.5
    for entry in item.get("offersV2", {}).get("listings", []):
        entry["availability"] = {"type": "UNKNOWN", "message": ""}
        entry["price"] = {"money": {"amount": 0, "currency": "", "displayAmount": ""}}
        entry["merchantInfo"] = {}


def _drop_detail_page_url(item: dict[str, Any]) -> None:
    item.pop("detailPageURL", None)


DAMAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "blank_text": _blank_text,
    "bare_images": _bare_images,
    "drop_detail_page_url": _drop_detail_page_url,
    "drop_item_info": _drop_item_info,
    "drop_offers": _drop_offers,
    "empty_listings": _empty_listings,
    "odd_values": _odd_values,
    "price_without_money": _price_without_money,
}

"""Every kind of malformed item parses with the SDK's models and differs from the clean one."""

from __future__ import annotations

import copy
import time

import pytest
from creatorsapi_python_sdk.models.get_items_response_content import GetItemsResponseContent

from ingestion.sandbox.catalogue import Catalogue
from ingestion.sandbox.faults import DAMAGES, Dice, is_malformed, malform
from ingestion.sandbox.items import Storefront, render_item

STORE = Storefront("US", "tag-20", "http://127.0.0.1:1", seed=1, now=time.time(), drift_period=1e9)


def offered_item() -> dict:
    catalogue = Catalogue(seed=1, size=200)
    index = next(
        i
        for i in range(1, 200)
        if catalogue.product(i).has_offers and catalogue.parent_of(i) is None
    )
    return render_item(catalogue.product(index), STORE)


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_damaged_item_parses_and_differs(kind: str) -> None:
    clean = offered_item()
    damaged = copy.deepcopy(clean)

    DAMAGES[kind](damaged)
    parsed = GetItemsResponseContent.from_dict({"itemsResult": {"items": [damaged]}})

    assert damaged != clean
    assert parsed is not None and parsed.items_result is not None
    assert [item.asin for item in parsed.items_result.items or []] == [clean["asin"]]


def test_malformed_share_follows_the_rate_and_sticks_to_the_asin() -> None:
    asins = [f"B0{i:08d}" for i in range(2_000)]

    none = [a for a in asins if is_malformed(a, seed=1, rate=0.0)]
    some = [a for a in asins if is_malformed(a, seed=1, rate=0.25)]

    assert none == []
    assert 400 < len(some) < 600
    assert some == [a for a in asins if is_malformed(a, seed=1, rate=0.25)]
    assert malform(offered_item(), seed=1) != offered_item()


def test_dice_rolls_at_the_rate() -> None:
    dice = Dice(seed=3)

    rolls = [dice.roll(0.3) for _ in range(2_000)]

    assert 500 < sum(rolls) < 700
    assert not any(dice.roll(0.0) for _ in range(100))

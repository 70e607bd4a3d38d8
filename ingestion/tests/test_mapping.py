"""Mapping of recorded-shape Creators API items to ProductRecord."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from creatorsapi_python_sdk.models.item import Item

from ingestion.mapping import (
    ItemWithoutAsin,
    availability_from_type,
    category_from_node,
    error_asin,
    item_to_record,
)
from products.records import Availability, CategoryRecord, ProductRecord

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
WELL_FORMED = [
    "full_item",
    "no_offers",
    "several_listings",
    "unicode_title",
    "variation_parent",
    "variation_child",
    "asin_only",
]


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def mapped(name: str, marketplace: str = "US") -> ProductRecord:
    return item_to_record(fixture(name), marketplace=marketplace, fetched_at=FETCHED_AT)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_fixtures_use_the_sdk_field_names(name: str) -> None:
    # GIVEN a hand-written fixture WHEN the SDK parses and dumps it THEN nothing is lost,
    # so every key in it is one the SDK models know.
    item = Item.from_dict(fixture(name))
    assert item is not None
    assert item.model_dump(by_alias=True, exclude_none=True, mode="json") == fixture(name)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_sdk_model_dump_maps_like_the_recorded_json(name: str) -> None:
    item = Item.from_dict(fixture(name))
    assert item is not None
    dumped = item.model_dump(by_alias=True, exclude_none=True, mode="json")
    assert item_to_record(dumped, marketplace="US", fetched_at=FETCHED_AT) == mapped(name)


def test_full_item_maps_every_field() -> None:
    record = mapped("full_item")

    assert record.marketplace == "US"
    assert record.asin == "B0FULL0001"
    assert record.fetched_at == FETCHED_AT
    assert record.title == "Stainless Steel Kettle, 1.7 L"
    assert record.brand == "Brewline"
    assert record.manufacturer == "Brewline Housewares Inc."
    assert record.features == ("Boils 1.7 litres in four minutes", "Automatic shut-off")
    assert record.detail_page_url == (
        "https://www.amazon.com/dp/B0FULL0001?tag=example-20&linkCode=ogi&th=1&psc=1"
    )
    assert record.price_amount == Decimal("29.99")
    assert record.price_currency == "USD"
    assert record.price_display == "$29.99"
    assert record.savings_amount == Decimal("10.0")
    assert record.savings_percent == 25
    assert record.savings_basis_amount == Decimal("39.99")
    assert record.availability == Availability.IN_STOCK
    assert record.availability_message == "In Stock"
    assert record.merchant_name == "Amazon.com"
    assert record.condition == "New"
    assert record.deal == fixture("full_item")["offersV2"]["listings"][0]["dealDetails"]
    assert record.rating_value == Decimal("4.6")
    assert record.rating_count == 1234
    assert record.sales_rank == 1834
    assert record.parent_asin == ""
    assert record.variation_attributes == ()
    assert record.raw == fixture("full_item")


def test_full_item_images_keep_every_size() -> None:
    record = mapped("full_item")

    assert record.primary_image is not None
    assert list(record.primary_image.sizes) == ["small", "medium", "large", "hiRes"]
    assert record.primary_image.sizes["hiRes"] == {
        "url": "https://m.media-amazon.com/images/I/41kettle.jpg",
        "width": 1500,
        "height": 1500,
    }
    assert len(record.variant_images) == 1
    assert set(record.variant_images[0].sizes) == {"small", "large"}


def test_full_item_categories_carry_ancestors_nearest_first() -> None:
    record = mapped("full_item")

    assert record.categories == (
        CategoryRecord(
            node_id="289748",
            name="Electric Kettles",
            ancestors=(("289746", "Coffee, Tea & Espresso"), ("1055398", "Home & Kitchen")),
            sales_rank=12,
        ),
        CategoryRecord(node_id="915194", name="Gifts for Tea Lovers"),
    )


def test_item_without_offers_has_no_price() -> None:
    record = mapped("no_offers", marketplace="UK")

    assert record.title == "Discontinued Desk Lamp"
    assert record.brand == "Lumo"
    assert record.price_amount is None
    assert record.price_currency == ""
    assert record.availability == Availability.UNKNOWN
    assert record.merchant_name == ""
    assert record.deal == {}
    assert record.primary_image is not None
    assert set(record.primary_image.sizes) == {"medium"}


def test_buy_box_winner_is_chosen_over_the_first_listing() -> None:
    record = mapped("several_listings")

    assert record.merchant_name == "Amazon.de"
    assert record.price_amount == Decimal("14.99")
    assert record.price_currency == "EUR"
    assert record.price_display == "14,99 €"
    assert record.availability == Availability.IN_STOCK
    assert record.condition == "New"
    assert record.savings_amount == Decimal("5")
    assert record.savings_percent == 25
    assert record.savings_basis_amount == Decimal("19.99")


def test_first_listing_is_used_without_a_buy_box_winner() -> None:
    item = fixture("several_listings")
    item["offersV2"]["listings"][1]["isBuyBoxWinner"] = False

    record = item_to_record(item, marketplace="DE", fetched_at=FETCHED_AT)

    assert record.merchant_name == "Second Hand Co"
    assert record.price_amount == Decimal("9.5")
    assert record.availability == Availability.LIMITED
    assert record.condition == "Used"


def test_unicode_title_is_kept_and_stripped() -> None:
    record = mapped("unicode_title", marketplace="JP")

    assert record.asin == "B0UNICODE1"
    assert record.title == "抹茶 ティーセット — Crème brûlée édition 🍵"
    assert record.brand == "京都茶舗"
    assert record.manufacturer == "Çay Ürünleri A.Ş."
    assert record.features == ("手作り", "Zürich-tested")
    assert record.price_amount == Decimal("3480")
    assert record.price_display == "￥3,480"
    assert record.availability == Availability.PREORDER
    assert len(record.content_hash) == 64


def test_variation_parent_and_child() -> None:
    parent = mapped("variation_parent")
    child = mapped("variation_child")

    assert parent.parent_asin == ""
    assert parent.variation_attributes == ()
    assert child.parent_asin == "B0PARENT01"
    assert child.variation_attributes == (("color_name", "Navy"), ("size_name", "M"))
    assert child.availability == Availability.OUT_OF_STOCK
    assert child.price_amount == Decimal("15")


def test_item_with_only_an_asin_maps_to_empty_fields() -> None:
    record = mapped("asin_only")

    assert record == ProductRecord(
        marketplace="US", asin="B0ONLYASIN", fetched_at=FETCHED_AT, raw={"asin": "B0ONLYASIN"}
    )


def test_garbage_values_map_to_empty_rather_than_raising() -> None:
    record = mapped("garbage")

    assert record.asin == "B0GARBAGE1"
    assert record.parent_asin == ""
    assert record.detail_page_url == ""
    assert record.title == ""
    assert record.brand == ""
    assert record.manufacturer == ""
    assert record.features == ()
    assert record.primary_image is not None
    assert record.primary_image.sizes == {
        "large": {"url": "https://m.media-amazon.com/images/I/x.jpg", "width": 500, "height": None}
    }
    assert record.variant_images == ()
    assert record.categories == (CategoryRecord(node_id="172282", name="Electronics"),)
    assert record.sales_rank is None
    assert record.price_amount is None
    assert record.price_currency == ""
    assert record.price_display == ""
    assert record.savings_amount is None
    assert record.savings_percent is None
    assert record.savings_basis_amount is None
    assert record.availability == Availability.UNKNOWN
    assert record.availability_message == ""
    assert record.merchant_name == ""
    assert record.condition == ""
    assert record.deal == {}
    assert record.rating_value is None
    assert record.rating_count is None
    assert record.variation_attributes == ()


@pytest.mark.parametrize(
    ("reviews", "expected"),
    [
        ({"count": 87, "starRating": {"value": 4}}, (Decimal("4.0"), 87)),
        ({"count": 2.0, "starRating": {"value": "3.86"}}, (Decimal("3.9"), 2)),
        ({"count": 0, "starRating": {"value": 0}}, (Decimal("0.0"), 0)),
        ({"count": "many", "starRating": {"value": -1}}, (None, None)),
        ({"starRating": None}, (None, None)),
        ("not reviews", (None, None)),
    ],
)
def test_customer_reviews_map_to_a_rating_and_a_count(
    reviews: Any, expected: tuple[Decimal | None, int | None]
) -> None:
    record = item_to_record(
        {"asin": "B0RATED001", "customerReviews": reviews}, marketplace="US", fetched_at=FETCHED_AT
    )

    assert (record.rating_value, record.rating_count) == expected


def test_null_sections_map_to_empty() -> None:
    item = {
        "asin": "B0NULLS001",
        "itemInfo": None,
        "images": None,
        "browseNodeInfo": None,
        "offersV2": {"listings": None},
        "variationAttributes": None,
    }

    record = item_to_record(item, marketplace="US", fetched_at=FETCHED_AT)

    assert record == ProductRecord(
        marketplace="US", asin="B0NULLS001", fetched_at=FETCHED_AT, raw=item
    )


@pytest.mark.parametrize("item", [{}, {"asin": None}, {"asin": "   "}, {"asin": 1234567890}])
def test_item_without_an_asin_is_refused(item: dict[str, Any]) -> None:
    with pytest.raises(ItemWithoutAsin):
        item_to_record(item, marketplace="US", fetched_at=FETCHED_AT)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("IN_STOCK", Availability.IN_STOCK),
        ("in stock", Availability.IN_STOCK),
        ("Now", Availability.IN_STOCK),
        ("IN_STOCK_SCARCE", Availability.LIMITED),
        ("PREORDER", Availability.PREORDER),
        ("Preorderable", Availability.PREORDER),
        ("LEADTIME", Availability.BACKORDER),
        ("AVAILABLE_DATE", Availability.BACKORDER),
        ("Backorderable", Availability.BACKORDER),
        ("OUT_OF_STOCK", Availability.OUT_OF_STOCK),
        ("out-of-stock", Availability.OUT_OF_STOCK),
        ("UNAVAILABLE", Availability.UNAVAILABLE),
        ("SOMETHING_NEW", Availability.UNKNOWN),
        ("", Availability.UNKNOWN),
        (None, Availability.UNKNOWN),
        (3, Availability.UNKNOWN),
    ],
)
def test_availability_types_are_normalised(value: Any, expected: str) -> None:
    assert availability_from_type(value) == expected


@pytest.mark.parametrize(
    ("message", "requested", "expected"),
    [
        ("The ItemId B0FULL0001 is not accessible through the Creators API.", (), "B0FULL0001"),
        ("The ItemId B0FULL0001 provided in the request is invalid.", ["b0full0001"], "B0FULL0001"),
        ("The ItemId 0316769487 is not accessible.", ["B0OTHER001", "0316769487"], "0316769487"),
        ("The ItemId B0FULL0001 is not accessible.", ["B0OTHER001"], ""),
        ("The ItemIds provided in the request are invalid.", (), ""),
        ("Error for ACCESSDENY item", (), ""),
    ],
)
def test_error_asin_reads_the_asin_named_in_a_message(
    message: str, requested: list[str], expected: str
) -> None:
    assert error_asin(message, requested=requested) == expected


def test_browse_node_from_get_browse_nodes() -> None:
    node = {
        "id": "289748",
        "displayName": " Electric Kettles ",
        "isRoot": False,
        "ancestor": {"id": "289746", "contextFreeName": "Coffee, Tea & Espresso Appliances"},
        "children": [{"id": "1", "displayName": "Cordless"}],
    }

    assert category_from_node(node) == CategoryRecord(
        node_id="289748",
        name="Electric Kettles",
        ancestors=(("289746", "Coffee, Tea & Espresso Appliances"),),
    )


@pytest.mark.parametrize("node", [None, "289748", {}, {"id": ""}, {"id": True}, {"id": None}])
def test_browse_node_without_an_id_is_skipped(node: Any) -> None:
    assert category_from_node(node) is None

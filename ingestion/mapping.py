"""Creators API items (camelCase dicts, as the API sends them) mapped to catalogue records."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from products.records import Availability, CategoryRecord, ImageRecord, ProductRecord

IMAGE_SIZES = ("small", "medium", "large", "hiRes")

# Browse node trees are a few levels deep; the cap only stops a malformed cyclic answer.
MAX_ANCESTOR_DEPTH = 32

ASIN_TOKEN = re.compile(r"\b[A-Z0-9]{10}\b")

# OffersV2 availability types as integrators report them (IN_STOCK, IN_STOCK_SCARCE,
# OUT_OF_STOCK, PREORDER, BACKORDER, LEADTIME, AVAILABLE_DATE, UNAVAILABLE), plus the
# PA-API 5 Offers V1 names (Now, Preorderable, Backorderable) that older answers carry.
AVAILABILITY_TYPES = {
    "IN_STOCK": Availability.IN_STOCK,
    "NOW": Availability.IN_STOCK,
    "IN_STOCK_SCARCE": Availability.LIMITED,
    "LIMITED": Availability.LIMITED,
    "PREORDER": Availability.PREORDER,
    "PREORDERABLE": Availability.PREORDER,
    "BACKORDER": Availability.BACKORDER,
    "BACKORDERABLE": Availability.BACKORDER,
    "LEADTIME": Availability.BACKORDER,
    "AVAILABLE_DATE": Availability.BACKORDER,
    "OUT_OF_STOCK": Availability.OUT_OF_STOCK,
    "UNAVAILABLE": Availability.UNAVAILABLE,
}


class ItemWithoutAsin(ValueError):
    """The item carries no usable ASIN, so it cannot become a catalogue record."""


def item_to_record(
    item: Mapping[str, Any], *, marketplace: str, fetched_at: datetime
) -> ProductRecord:
    """Map one API item to a ProductRecord; missing or malformed fields map to empty values."""
    asin = _text(item.get("asin")).upper()
    if not asin:
        raise ItemWithoutAsin(f"item without an ASIN: {str(item)[:200]}")
    info = _mapping(item.get("itemInfo"))
    by_line = _mapping(info.get("byLineInfo"))
    images = _mapping(item.get("images"))
    browse = _mapping(item.get("browseNodeInfo"))
    categories = tuple(
        category
        for node in _list(browse.get("browseNodes"))
        if (category := category_from_node(node)) is not None
    )
    listing = _chosen_listing(item)
    price = _mapping(listing.get("price"))
    money = _mapping(price.get("money"))
    savings = _mapping(price.get("savings"))
    availability = _mapping(listing.get("availability"))
    reviews = _mapping(item.get("customerReviews"))
    return ProductRecord(
        marketplace=marketplace,
        asin=asin,
        fetched_at=fetched_at,
        parent_asin=_text(item.get("parentASIN")).upper(),
        title=_display_value(info.get("title")),
        brand=_display_value(by_line.get("brand")),
        manufacturer=_display_value(by_line.get("manufacturer")),
        features=_display_values(info.get("features")),
        primary_image=_image(images.get("primary")),
        variant_images=tuple(
            image for entry in _list(images.get("variants")) if (image := _image(entry))
        ),
        detail_page_url=_text(item.get("detailPageURL")),
        price_amount=_decimal(money.get("amount")),
        price_currency=_text(money.get("currency")).upper(),
        price_display=_text(money.get("displayAmount")),
        savings_basis_amount=_decimal(
            _mapping(_mapping(price.get("savingBasis")).get("money")).get("amount")
        ),
        savings_amount=_decimal(_mapping(savings.get("money")).get("amount")),
        savings_percent=_whole_number(savings.get("percentage")),
        availability=availability_from_type(availability.get("type")),
        availability_message=_text(availability.get("message")),
        merchant_name=_text(_mapping(listing.get("merchantInfo")).get("name")),
        condition=_text(_mapping(listing.get("condition")).get("value")),
        deal=dict(_mapping(listing.get("dealDetails"))),
        rating_value=_star_rating(reviews),
        rating_count=_review_count(reviews),
        sales_rank=_sales_rank(browse, categories),
        categories=categories,
        variation_attributes=_variation_attributes(item.get("variationAttributes")),
        raw=dict(item),
    )


def availability_from_type(value: Any) -> str:
    """Normalise an OffersV2 availability type (any case or separator) to an Availability."""
    key = re.sub(r"[\s-]+", "_", _text(value)).upper()
    return AVAILABILITY_TYPES.get(key, Availability.UNKNOWN)


def error_asin(message: str, *, requested: Collection[str] = ()) -> str:
    """The ASIN a per-item error names ("The ItemId B0XXXXXXXX is not accessible ..."), or ""."""
    tokens = ASIN_TOKEN.findall(message.upper())
    wanted = {asin.upper() for asin in requested}
    for token in tokens:
        if token in wanted:
            return token
    if wanted:
        return ""
    return next((token for token in tokens if any(char.isdigit() for char in token)), "")


def category_from_node(value: Any) -> CategoryRecord | None:
    """A browse node (from an item or from getBrowseNodes) as a CategoryRecord; None without id."""
    node = _mapping(value)
    node_id = _node_id(node.get("id"))
    if not node_id:
        return None
    return CategoryRecord(
        node_id=node_id,
        name=_node_name(node),
        ancestors=_ancestors(node),
        sales_rank=_whole_number(node.get("salesRank")),
    )


def _chosen_listing(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """The buy-box winner when Amazon marks one, else the first listing."""
    listings = [
        _mapping(entry)
        for entry in _list(_mapping(item.get("offersV2")).get("listings"))
        if isinstance(entry, Mapping)
    ]
    winner = next((entry for entry in listings if entry.get("isBuyBoxWinner") is True), None)
    if winner is not None:
        return winner
    return listings[0] if listings else {}


def _ancestors(node: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Ancestors nearest first, as the API nests them (`ancestor.ancestor...`)."""
    chain: list[tuple[str, str]] = []
    current = _mapping(node.get("ancestor"))
    while current and len(chain) < MAX_ANCESTOR_DEPTH:
        node_id = _node_id(current.get("id"))
        if node_id:
            chain.append((node_id, _node_name(current)))
        current = _mapping(current.get("ancestor"))
    return tuple(chain)


def _node_id(value: Any) -> str:
    """Browse node ids are numeric strings; some answers send them as numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _node_name(node: Mapping[str, Any]) -> str:
    return _text(node.get("displayName")) or _text(node.get("contextFreeName"))


def _sales_rank(browse: Mapping[str, Any], categories: tuple[CategoryRecord, ...]) -> int | None:
    """The store-wide rank when given, else the best rank among the item's browse nodes."""
    website_rank = _whole_number(_mapping(browse.get("websiteSalesRank")).get("salesRank"))
    if website_rank is not None:
        return website_rank
    ranks = [category.sales_rank for category in categories if category.sales_rank is not None]
    return min(ranks) if ranks else None


def _star_rating(reviews: Mapping[str, Any]) -> Decimal | None:
    """The weighted star rating to one decimal, as Amazon shows it; None outside 0 to 5."""
    value = _decimal(_mapping(reviews.get("starRating")).get("value"))
    if value is None or not 0 <= value <= 5:
        return None
    return value.quantize(Decimal("0.1"))


def _review_count(reviews: Mapping[str, Any]) -> int | None:
    count = _whole_number(reviews.get("count"))
    return count if count is not None and 0 <= count < 2**31 else None


def _image(value: Any) -> ImageRecord | None:
    entry = _mapping(value)
    sizes: dict[str, dict[str, Any]] = {}
    for size in IMAGE_SIZES:
        image = _mapping(entry.get(size))
        url = _text(image.get("url"))
        if url:
            sizes[size] = {
                "url": url,
                "width": _whole_number(image.get("width")),
                "height": _whole_number(image.get("height")),
            }
    return ImageRecord(sizes=sizes) if sizes else None


def _variation_attributes(value: Any) -> tuple[tuple[str, str], ...]:
    pairs = []
    for entry in _list(value):
        attribute = _mapping(entry)
        name = _text(attribute.get("name"))
        if name:
            pairs.append((name, _text(attribute.get("value"))))
    return tuple(pairs)


def _display_value(value: Any) -> str:
    return _text(_mapping(value).get("displayValue"))


def _display_values(value: Any) -> tuple[str, ...]:
    values = (_text(entry) for entry in _list(_mapping(value).get("displayValues")))
    return tuple(entry for entry in values if entry)


def _decimal(value: Any) -> Decimal | None:
    """A money amount as Decimal; floats go through str so 19.99 stays 19.99."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return round(value)
    if isinstance(value, str):
        amount = _decimal(value)
        return round(amount) if amount is not None else None
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []

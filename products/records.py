"""Plain data that ingestion hands to the catalogue: the contract between the two apps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Availability:
    """Normalised availability; Creators API `offersV2.listings[].availability.type` maps here."""

    IN_STOCK = "in_stock"
    LIMITED = "limited"
    PREORDER = "preorder"
    BACKORDER = "backorder"
    OUT_OF_STOCK = "out_of_stock"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"

    CHOICES = [
        (IN_STOCK, _("In stock")),
        (LIMITED, _("Limited stock")),
        (PREORDER, _("Pre-order")),
        (BACKORDER, _("Ships later")),
        (OUT_OF_STOCK, _("Out of stock")),
        (UNAVAILABLE, _("Unavailable")),
        (UNKNOWN, _("Unknown")),
    ]


@dataclass(frozen=True)
class ImageRecord:
    """One image in every size the API gave: size name -> {url, width, height}."""

    sizes: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class CategoryRecord:
    """A browse node with its ancestors, nearest first (the API nests them the same way)."""

    node_id: str
    name: str
    ancestors: tuple[tuple[str, str], ...] = ()
    sales_rank: int | None = None


@dataclass(frozen=True)
class ProductRecord:
    """One mapped API item: every field the ingestion side may write, and nothing curated."""

    marketplace: str
    asin: str
    fetched_at: datetime
    parent_asin: str = ""
    title: str = ""
    brand: str = ""
    manufacturer: str = ""
    features: tuple[str, ...] = ()
    primary_image: ImageRecord | None = None
    variant_images: tuple[ImageRecord, ...] = ()
    detail_page_url: str = ""
    price_amount: Decimal | None = None
    price_currency: str = ""
    price_display: str = ""
    savings_basis_amount: Decimal | None = None
    savings_amount: Decimal | None = None
    savings_percent: int | None = None
    availability: str = Availability.UNKNOWN
    availability_message: str = ""
    merchant_name: str = ""
    condition: str = ""
    deal: dict[str, Any] = field(default_factory=dict)
    rating_value: Decimal | None = None
    rating_count: int | None = None
    sales_rank: int | None = None
    categories: tuple[CategoryRecord, ...] = ()
    variation_attributes: tuple[tuple[str, str], ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def content_hash(self) -> str:
        """Hash of everything that is stored, except the fetch time and the raw payload.

        The hashed text is repr() of the record with the fetch time set to the epoch and
        no raw payload: exact for these field types, and several times faster than
        serialising asdict(). It is written out here rather than by repr(replace(...)),
        which costs a third more; it runs once per item of every refresh.
        """
        parts = [
            f"{name}={_HASHED_OVERRIDES[name]}"
            if name in _HASHED_OVERRIDES
            else f"{name}={getattr(self, name)!r}"
            for name in _FIELD_NAMES
        ]
        text = f"{type(self).__qualname__}({', '.join(parts)})"
        return hashlib.sha256(text.encode()).hexdigest()


_FIELD_NAMES = [f.name for f in fields(ProductRecord)]
_HASHED_OVERRIDES = {"fetched_at": repr(_EPOCH), "raw": repr({})}

"""The product fields ingestion owns, and a record's values for them in column order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from products.records import ImageRecord, ProductRecord

# Everything ingestion owns on a product; curation fields (published, featured,
# title_override, notes) are deliberately absent, so an upsert can never overwrite them.
INGESTED_FIELDS = [
    "parent_asin",
    "title",
    "brand",
    "manufacturer",
    "features",
    "images",
    "detail_page_url",
    "price_amount",
    "price_currency",
    "price_display",
    "savings_basis_amount",
    "savings_amount",
    "savings_percent",
    "availability",
    "availability_message",
    "merchant_name",
    "condition",
    "deal",
    "rating_value",
    "rating_count",
    "sales_rank",
    "variation_attributes",
    "category",
    "fetched_at",
    "price_as_of",
    "content_hash",
    "raw",
    "updated_at",
]

JSON_FIELDS = frozenset({"features", "images", "deal", "variation_attributes", "raw"})


def _images(record: ProductRecord) -> dict[str, Any]:
    def sizes(image: ImageRecord | None) -> dict[str, Any]:
        return dict(image.sizes) if image else {}

    return {
        "primary": sizes(record.primary_image),
        "variants": [sizes(image) for image in record.variant_images],
    }


def ingested_values(
    record: ProductRecord, category_id: int | None, now: datetime
) -> tuple[Any, ...]:
    """The values of INGESTED_FIELDS for a record, in that order, cut to the columns' sizes."""
    return (
        record.parent_asin,
        record.title[:1000],
        record.brand[:255],
        record.manufacturer[:255],
        list(record.features),
        _images(record),
        record.detail_page_url[:2000],
        record.price_amount,
        record.price_currency,
        record.price_display[:64],
        record.savings_basis_amount,
        record.savings_amount,
        record.savings_percent,
        record.availability,
        record.availability_message[:255],
        record.merchant_name[:255],
        record.condition[:32],
        record.deal,
        record.rating_value,
        record.rating_count,
        record.sales_rank,
        [list(pair) for pair in record.variation_attributes],
        category_id,
        record.fetched_at,
        record.fetched_at,
        record.content_hash,
        record.raw,
        now,
    )

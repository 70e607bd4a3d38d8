"""Checking mapped records before they are written: known store, ASIN and availability,
links and images on allowed hosts only, one record per product."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.core.exceptions import ValidationError

from products.marketplaces import MARKETPLACES
from products.models import asin_validator
from products.outbound import is_allowed_image, is_allowed_product_link
from products.records import Availability, ImageRecord, ProductRecord

_AVAILABILITIES = frozenset(value for value, _ in Availability.CHOICES)


def record_invalid_reason(record: ProductRecord) -> str | None:
    """Why the record cannot be stored, or None when it can."""
    if record.marketplace not in MARKETPLACES:
        return f"unknown marketplace {record.marketplace!r}"
    try:
        asin_validator(record.asin)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if record.availability not in _AVAILABILITIES:
        return f"unknown availability {record.availability!r}"
    return None


def record_without_disallowed_urls(record: ProductRecord) -> tuple[ProductRecord, list[str]]:
    """The record with links and images outside the allowed hosts emptied, and those URLs."""
    rejected: list[str] = []
    link = record.detail_page_url
    if link and not is_allowed_product_link(link):
        rejected.append(link)
        link = ""

    def allowed(image: ImageRecord | None) -> ImageRecord | None:
        if image is None:
            return None
        sizes = {}
        for size, entry in image.sizes.items():
            if is_allowed_image(str(entry.get("url", ""))):
                sizes[size] = entry
            else:
                rejected.append(str(entry.get("url", "")))
        return ImageRecord(sizes=sizes) if sizes else None

    primary = allowed(record.primary_image)
    variants = tuple(image for entry in record.variant_images if (image := allowed(entry)))
    if not rejected:
        return record, []
    cleaned = replace(record, detail_page_url=link, primary_image=primary, variant_images=variants)
    return cleaned, rejected


def records_latest_per_key(records: Iterable[ProductRecord]) -> list[ProductRecord]:
    """One record per (store, ASIN): the most recently fetched wins within a batch."""
    latest: dict[tuple[str, str], ProductRecord] = {}
    for record in records:
        key = (record.marketplace, record.asin)
        if key not in latest or record.fetched_at >= latest[key].fetched_at:
            latest[key] = record
    return list(latest.values())

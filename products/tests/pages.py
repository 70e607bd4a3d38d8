"""Catalogue data for page tests, written through the real upsert."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from products.models import Product
from products.records import Availability, CategoryRecord, ImageRecord
from products.services import product_upsert
from products.tests.factories import ProductRecordFactory

KETTLES = CategoryRecord(
    node_id="289935",
    name="Kettles",
    ancestors=(("289913", "Small Appliances"), ("284507", "Kitchen & Dining")),
)
LAMPS = CategoryRecord(
    node_id="1063292", name="Desk Lamps", ancestors=(("284507", "Kitchen & Dining"),)
)


def image(asin: str) -> ImageRecord:
    base = f"https://m.media-amazon.com/images/I/{asin}"
    return ImageRecord(
        sizes={
            "small": {"url": f"{base}._SL75_.jpg", "width": 75, "height": 75},
            "medium": {"url": f"{base}._SL160_.jpg", "width": 160, "height": 160},
            "large": {"url": f"{base}._SL500_.jpg", "width": 500, "height": 500},
        }
    )


def stock_catalogue() -> dict[str, Product]:
    """A small catalogue with fresh prices: kettles and lamps, brands, savings, a variation."""
    now = timezone.now()
    specs = [
        ("B0KETTLE01", "Glass kettle with blue light", "Acme", "24.99", KETTLES, 10, ""),
        ("B0KETTLE02", "Steel kettle, quiet boil", "Brewmaster", "59.00", KETTLES, None, ""),
        ("B0KETTLE03", "Travel kettle 0.5 litre", "Acme", "15.50", KETTLES, 35, ""),
        ("B0LAMP0001", "Walnut desk lamp", "Lumen", "120.00", LAMPS, 20, ""),
        ("B0LAMP0002", "Walnut desk lamp, black", "Lumen", "125.00", LAMPS, None, "B0LAMPPARE"),
        ("B0LAMP0003", "Walnut desk lamp, white", "Lumen", "125.00", LAMPS, None, "B0LAMPPARE"),
    ]
    records = [
        replace(
            ProductRecordFactory.build(asin=asin, title=title, brand=brand),
            fetched_at=now,
            price_amount=Decimal(price),
            price_currency="USD",
            price_display=f"${price}",
            savings_percent=saving,
            savings_basis_amount=Decimal(price) * 2 if saving else None,
            categories=(category,),
            primary_image=image(asin),
            variant_images=(image(f"{asin}V"),),
            parent_asin=parent,
            availability=Availability.IN_STOCK,
            features=(f"{title} feature one", "Second feature"),
            sales_rank=index + 1,
        )
        for index, (asin, title, brand, price, category, saving, parent) in enumerate(specs)
    ]
    product_upsert(records)
    return {p.asin: p for p in Product.objects.all()}

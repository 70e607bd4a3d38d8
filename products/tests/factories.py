"""Factories for catalogue rows and for the mapped records ingestion hands over."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import factory

from products.models import Product
from products.records import Availability, CategoryRecord, ImageRecord, ProductRecord

FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class ProductRecordFactory(factory.Factory[ProductRecord]):
    class Meta:
        model = ProductRecord

    marketplace = "US"
    asin = factory.Sequence(lambda n: f"B0TEST{n:04d}")
    fetched_at = FETCHED_AT
    title = factory.Sequence(lambda n: f"Sandbox kettle model {n}")
    brand = "Acme"
    manufacturer = "Acme Industries"
    features = ("Boils a litre in three minutes", "Stainless steel")
    primary_image = ImageRecord(
        sizes={
            "medium": {
                "url": "https://m.media-amazon.com/images/I/x.jpg",
                "width": 160,
                "height": 160,
            }
        }
    )
    detail_page_url = factory.LazyAttribute(
        lambda o: f"https://www.amazon.com/dp/{o.asin}?tag=example-20"
    )
    price_amount = Decimal("24.99")
    price_currency = "USD"
    price_display = "$24.99"
    availability = Availability.IN_STOCK
    categories = (
        CategoryRecord(
            node_id="289935",
            name="Kettles",
            ancestors=(("289913", "Small Appliances"), ("284507", "Kitchen & Dining")),
        ),
    )


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    marketplace = "US"
    asin = factory.Sequence(lambda n: f"B0ROW{n:05d}")
    title = factory.Sequence(lambda n: f"Sandbox lamp {n}")
    brand = "Lumen"
    price_amount = Decimal("10.00")
    price_currency = "USD"
    price_display = "$10.00"
    availability = Availability.IN_STOCK
    detail_page_url = factory.LazyAttribute(
        lambda o: f"https://www.amazon.com/dp/{o.asin}?tag=example-20"
    )

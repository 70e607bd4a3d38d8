"""Catalogue data for tests of one store per visitor: the stock US catalogue and a UK store."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from products.models import Product
from products.records import Availability, CategoryRecord
from products.services import product_upsert
from products.tests.factories import ProductRecordFactory
from products.tests.pages import image, stock_catalogue

UK_KETTLES = CategoryRecord(
    node_id="391784011", name="Kettles", ancestors=(("11052681", "Home & Kitchen"),)
)
US_ASINS = {"B0KETTLE01", "B0KETTLE02", "B0KETTLE03", "B0LAMP0001", "B0LAMP0002", "B0LAMP0003"}
UK_ASINS = {"B0KETTLE01", "B0UKKETTL2"}


def two_store_catalogue() -> dict[str, Product]:
    """The stock (US) catalogue, and UK kettles with fresh prices, one of them an ASIN also
    sold in the US; keyed "store:ASIN"."""
    stock_catalogue()
    now = timezone.now()
    product_upsert(
        [
            replace(
                ProductRecordFactory.build(
                    marketplace="UK",
                    asin=asin,
                    title=title,
                    brand="Britkettle",
                    detail_page_url=f"https://www.amazon.co.uk/dp/{asin}?tag=example-21",
                ),
                fetched_at=now,
                price_amount=Decimal(price),
                price_currency="GBP",
                price_display=f"£{price}",
                savings_percent=15,
                savings_basis_amount=Decimal(price) * 2,
                categories=(UK_KETTLES,),
                primary_image=image(asin),
                availability=Availability.IN_STOCK,
            )
            for asin, title, price in [
                ("B0KETTLE01", "Glass kettle with blue light", "19.99"),
                ("B0UKKETTL2", "Copper kettle, whistling", "45.00"),
            ]
        ]
    )
    return {f"{p.marketplace}:{p.asin}": p for p in Product.objects.all()}

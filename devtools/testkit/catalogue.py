"""Catalogue data for tests: products, categories, stock catalogues and collections.

Every product is built here: a row through `ProductFactory`, or the record ingestion hands
over through `ProductRecordFactory`, written by the real upsert where the test needs its
categories and price history too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from products.collections.models import Collection, CollectionItem
from products.models import Category, Product
from products.records import Availability, CategoryRecord, ImageRecord, ProductRecord
from products.services import product_upsert

FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}

KETTLES = CategoryRecord(
    node_id="289935",
    name="Kettles",
    ancestors=(("289913", "Small Appliances"), ("284507", "Kitchen & Dining")),
)
LAMPS = CategoryRecord(
    node_id="1063292", name="Desk Lamps", ancestors=(("284507", "Kitchen & Dining"),)
)
UK_KETTLES = CategoryRecord(
    node_id="391784011", name="Kettles", ancestors=(("11052681", "Home & Kitchen"),)
)
US_ASINS = {"B0KETTLE01", "B0KETTLE02", "B0KETTLE03", "B0LAMP0001", "B0LAMP0002", "B0LAMP0003"}
UK_ASINS = {"B0KETTLE01", "B0UKKETTL2"}


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)


def image(asin: str) -> ImageRecord:
    base = f"https://m.media-amazon.com/images/I/{asin}"
    return ImageRecord(
        sizes={
            "small": {"url": f"{base}._SL75_.jpg", "width": 75, "height": 75},
            "medium": {"url": f"{base}._SL160_.jpg", "width": 160, "height": 160},
            "large": {"url": f"{base}._SL500_.jpg", "width": 500, "height": 500},
        }
    )


def _display(price: str, currency: str) -> str:
    return f"{CURRENCY_SYMBOLS[currency]}{price}"


class ProductRecordFactory(factory.Factory[ProductRecord]):
    """A mapped item as ingestion hands it over; `price="12.50"` sets amount and display."""

    class Meta:
        model = ProductRecord

    class Params:
        price = "24.99"

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
    price_amount = factory.LazyAttribute(lambda o: Decimal(o.price))
    price_currency = "USD"
    price_display = factory.LazyAttribute(lambda o: _display(o.price, o.price_currency))
    availability = Availability.IN_STOCK
    categories = (KETTLES,)


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    """A catalogue row written directly; `fresh=True` / `stale=True` date its price."""

    class Meta:
        model = Product

    class Params:
        fresh = factory.Trait(price_as_of=factory.LazyFunction(lambda: ago(minutes=1)))
        # Older than PRICE_MAX_AGE (24 hours), so the price must never be shown.
        stale = factory.Trait(price_as_of=factory.LazyFunction(lambda: ago(hours=25)))

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


def fresh(**fields: Any) -> Product:
    """A product whose price was confirmed a minute ago."""
    return ProductFactory.create(fresh=True, **fields)


def stale(**fields: Any) -> Product:
    """A product whose price is older than 24 hours."""
    return ProductFactory.create(stale=True, **fields)


def product_at(price: str, *, asin: str = "B0ALERT001", at: datetime | None = None) -> Product:
    """Write the product through the real upsert, at this price, fetched now (or `at`)."""
    product_upsert(
        [
            ProductRecordFactory.build(
                asin=asin, title=f"Sandbox kettle {asin}", price=price, fetched_at=at or ago()
            )
        ]
    )
    return Product.objects.get(marketplace="US", asin=asin)


def node(marketplace: str, path: str, name: str = "") -> Category:
    """A browse node at `path` ("root/child/…" of node ids); its parent must exist."""
    node_id = path.rsplit("/", 1)[-1]
    parent = None
    if "/" in path:
        parent = Category.objects.get(marketplace=marketplace, path=path.rsplit("/", 1)[0])
    return Category.objects.create(
        marketplace=marketplace,
        node_id=node_id,
        name=name or f"Node {node_id}",
        parent=parent,
        path=path,
        depth=path.count("/"),
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
    product_upsert(
        [
            ProductRecordFactory.build(
                asin=asin,
                title=title,
                brand=brand,
                price=price,
                fetched_at=now,
                savings_percent=saving,
                savings_basis_amount=Decimal(price) * 2 if saving else None,
                categories=(category,),
                primary_image=image(asin),
                variant_images=(image(f"{asin}V"),),
                parent_asin=parent,
                features=(f"{title} feature one", "Second feature"),
                sales_rank=index + 1,
            )
            for index, (asin, title, brand, price, category, saving, parent) in enumerate(specs)
        ]
    )
    return {p.asin: p for p in Product.objects.all()}


def two_store_catalogue() -> dict[str, Product]:
    """The stock (US) catalogue, and UK kettles with fresh prices, one of them an ASIN also
    sold in the US; keyed "store:ASIN"."""
    stock_catalogue()
    now = timezone.now()
    product_upsert(
        [
            ProductRecordFactory.build(
                marketplace="UK",
                asin=asin,
                title=title,
                brand="Britkettle",
                detail_page_url=f"https://www.amazon.co.uk/dp/{asin}?tag=example-21",
                price=price,
                price_currency="GBP",
                fetched_at=now,
                savings_percent=15,
                savings_basis_amount=Decimal(price) * 2,
                categories=(UK_KETTLES,),
                primary_image=image(asin),
            )
            for asin, title, price in [
                ("B0KETTLE01", "Glass kettle with blue light", "19.99"),
                ("B0UKKETTL2", "Copper kettle, whistling", "45.00"),
            ]
        ]
    )
    return {f"{p.marketplace}:{p.asin}": p for p in Product.objects.all()}


DE_KETTLES = CategoryRecord(
    node_id="3167641", name="Wasserkocher", ancestors=(("3169011", "Küche, Haushalt & Wohnen"),)
)


def three_store_catalogue() -> dict[str, Product]:
    """The two-store catalogue, and the glass kettle in the DE store too, at 220,99 € (was
    390,99 €); keyed "store:ASIN"."""
    two_store_catalogue()
    product_upsert(
        [
            ProductRecordFactory.build(
                marketplace="DE",
                asin="B0KETTLE01",
                title="Glaswasserkocher mit blauem Licht",
                brand="Acme",
                detail_page_url="https://www.amazon.de/dp/B0KETTLE01?tag=example0d-21",
                price="220.99",
                price_currency="EUR",
                price_display="220,99 €",
                fetched_at=timezone.now(),
                savings_percent=43,
                savings_basis_amount=Decimal("390.99"),
                categories=(DE_KETTLES,),
                primary_image=image("B0KETTLE01"),
            )
        ]
    )
    return {f"{p.marketplace}:{p.asin}": p for p in Product.objects.all()}


def rule(**fields: Any) -> Collection:
    """A published rule collection of the US store, validated as the admin would."""
    fields.setdefault("title", "Rule collection")
    fields.setdefault("slug", "rule-collection")
    fields.setdefault("marketplace", "US")
    fields.setdefault("published", True)
    collection = Collection(kind=Collection.RULE, **fields)
    collection.full_clean()
    collection.save()
    return collection


def manual(products: list[Product], **fields: Any) -> Collection:
    """A hand-picked collection of `products`, in the order given."""
    fields.setdefault("title", "Hand-picked")
    fields.setdefault("slug", "hand-picked")
    fields.setdefault("marketplace", "US")
    fields.setdefault("published", True)
    collection = Collection.objects.create(kind=Collection.MANUAL, **fields)
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, product=product, position=(index + 1) * 10)
        for index, product in enumerate(products)
    )
    return collection

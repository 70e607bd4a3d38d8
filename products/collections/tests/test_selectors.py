"""Which products a collection shows: the hand-picked order, and each criterion of a rule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from devtools.testkit.catalogue import ProductFactory, manual, rule
from products.collections.models import CollectionItem
from products.collections.selectors import collection_matches, collection_products
from products.models import Category, Product
from products.records import Availability

pytestmark = pytest.mark.django_db


def asins(products: list[Product]) -> list[str]:
    return [p.asin for p in products]


def shown(collection: object) -> list[str]:
    return asins(collection_products(collection))  # type: ignore[arg-type]


def test_a_hand_picked_collection_keeps_its_order(stock: dict[str, Product]) -> None:
    picked = [stock["B0LAMP0002"], stock["B0KETTLE03"], stock["B0KETTLE01"]]
    collection = manual(picked)
    # The same product in another collection must not duplicate or reorder rows here.
    manual([stock["B0KETTLE01"]], slug="other", title="Other")

    assert shown(collection) == ["B0LAMP0002", "B0KETTLE03", "B0KETTLE01"]

    CollectionItem.objects.filter(product=stock["B0KETTLE01"], collection=collection).update(
        position=1
    )
    assert shown(collection) == ["B0KETTLE01", "B0LAMP0002", "B0KETTLE03"]


def test_unpublished_products_are_left_out(stock: dict[str, Product]) -> None:
    collection = manual([stock["B0LAMP0001"], stock["B0KETTLE02"]])
    by_brand = rule(rule_brand="Lumen", slug="lumen")
    Product.objects.filter(asin="B0LAMP0001").update(published=False)

    assert shown(collection) == ["B0KETTLE02"]
    assert "B0LAMP0001" not in shown(by_brand)
    assert len(shown(by_brand)) == 2


def test_at_most_max_items_are_shown(stock: dict[str, Product]) -> None:
    collection = manual(list(stock.values()), max_items=2)
    by_store = rule(rule_min_price=Decimal(0), max_items=3)

    assert len(shown(collection)) == 2
    assert len(shown(by_store)) == 3
    assert collection_matches(by_store).count() == 6


def test_a_category_takes_in_its_descendants(stock: dict[str, Product]) -> None:
    small_appliances = Category.objects.get(node_id="289913")
    kitchen = Category.objects.get(node_id="284507")

    assert sorted(shown(rule(rule_category=small_appliances, slug="a"))) == [
        "B0KETTLE01",
        "B0KETTLE02",
        "B0KETTLE03",
    ]
    assert len(shown(rule(rule_category=kitchen, slug="b"))) == 6


def test_brand_matches_exactly_in_any_case(stock: dict[str, Product]) -> None:
    assert sorted(shown(rule(rule_brand="acme"))) == ["B0KETTLE01", "B0KETTLE03"]


def test_a_price_band_is_inclusive_and_counts_only_fresh_prices(
    stock: dict[str, Product],
) -> None:
    band = rule(rule_min_price=Decimal("24.99"), rule_max_price=Decimal("59.00"), sort="price")
    assert shown(band) == ["B0KETTLE01", "B0KETTLE02"]

    Product.objects.filter(asin="B0KETTLE02").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )
    assert shown(band) == ["B0KETTLE01"]


def test_a_minimum_saving(stock: dict[str, Product]) -> None:
    assert shown(rule(rule_min_saving=20, sort="saving")) == ["B0KETTLE03", "B0LAMP0001"]


def test_keywords_use_the_site_search(stock: dict[str, Product]) -> None:
    assert sorted(shown(rule(rule_keywords="walnut -white"))) == ["B0LAMP0001", "B0LAMP0002"]


def test_availability_counts_only_when_fresh(stock: dict[str, Product]) -> None:
    Product.objects.filter(asin__in=["B0KETTLE01", "B0LAMP0001"]).update(
        availability=Availability.OUT_OF_STOCK
    )
    Product.objects.filter(asin="B0LAMP0001").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )

    assert shown(rule(rule_availability=Availability.OUT_OF_STOCK)) == ["B0KETTLE01"]


def test_the_rule_stays_in_the_collections_store(stock: dict[str, Product]) -> None:
    Product.objects.filter(asin="B0KETTLE01").update(marketplace="UK")

    assert sorted(shown(rule(rule_brand="Acme"))) == ["B0KETTLE03"]


def test_criteria_combine(stock: dict[str, Product]) -> None:
    collection = rule(rule_brand="Lumen", rule_max_price=Decimal("122"), rule_keywords="lamp")

    assert shown(collection) == ["B0LAMP0001"]


def test_sorts(stock: dict[str, Product]) -> None:
    kettles = Category.objects.get(node_id="289935")

    assert shown(rule(rule_category=kettles, sort="-price")) == [
        "B0KETTLE02",
        "B0KETTLE01",
        "B0KETTLE03",
    ]
    # Relevance without keywords: best-selling (lowest sales rank) first.
    assert shown(rule(rule_category=kettles, slug="by-rank")) == [
        "B0KETTLE01",
        "B0KETTLE02",
        "B0KETTLE03",
    ]


def test_keywords_search_only_what_the_other_criteria_let_through(
    stock: dict[str, Product], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a search that keeps two matches, cheap walnut trays, and the two walnut lamps
    # in the price band rewritten last (so last in the table, where a scan meets them last)
    monkeypatch.setattr("products.search.MAX_MATCHES", 2)
    for n in range(3):
        ProductFactory.create(title=f"Walnut tray {n}", price_as_of=timezone.now())
    Product.objects.filter(asin__in=["B0LAMP0002", "B0LAMP0003"]).update(notes="touched")

    collection = rule(rule_keywords="walnut", rule_min_price=Decimal("124"))

    # THEN both are found: the band applies before the search's bound, not after it
    assert sorted(shown(collection)) == ["B0LAMP0002", "B0LAMP0003"]

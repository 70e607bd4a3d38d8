"""The one write path from ingestion into the catalogue, on the configured database."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from devtools.testkit.catalogue import FETCHED_AT, ProductRecordFactory
from products.models import Category, PriceObservation, Product
from products.records import Availability, CategoryRecord
from products.services import product_upsert, products_mark_unavailable

pytestmark = pytest.mark.django_db


def test_creates_products_with_categories_and_a_first_price_observation() -> None:
    records = ProductRecordFactory.build_batch(3)

    result = product_upsert(records)

    assert sorted(result.created) == sorted(r.asin for r in records)
    assert result.updated == result.unchanged == []
    product = Product.objects.get(asin=records[0].asin)
    assert product.title == records[0].title
    assert product.price_amount == Decimal("24.99")
    assert product.price_as_of == FETCHED_AT
    assert product.images["primary"]["medium"]["width"] == 160
    assert product.category is not None and product.category.node_id == "289935"
    assert PriceObservation.objects.count() == 3


def test_builds_the_browse_node_tree_root_first() -> None:
    product_upsert([ProductRecordFactory.build()])

    leaf = Category.objects.get(node_id="289935")
    assert leaf.parent is not None and leaf.parent.node_id == "289913"
    assert leaf.parent.parent is not None and leaf.parent.parent.node_id == "284507"
    assert leaf.parent.parent.parent is None
    assert leaf.path == "284507/289913/289935"
    assert leaf.depth == 2
    assert [c.name for c in Category.objects.order_by("path")] == [
        "Kitchen & Dining",
        "Small Appliances",
        "Kettles",
    ]


def test_the_same_batch_twice_changes_nothing() -> None:
    records = ProductRecordFactory.build_batch(5)
    product_upsert(records)
    before = list(Product.objects.order_by("id").values())

    result = product_upsert(records)

    assert result.created == result.updated == []
    assert sorted(result.unchanged) == sorted(r.asin for r in records)
    assert list(Product.objects.order_by("id").values()) == before
    assert PriceObservation.objects.count() == 5


def test_a_later_identical_fetch_only_redates_the_price() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    later = FETCHED_AT + timedelta(hours=6)

    result = product_upsert([replace(record, fetched_at=later)])

    assert result.unchanged == [record.asin]
    product = Product.objects.get(asin=record.asin)
    assert product.price_as_of == later
    assert product.fetched_at == later
    assert PriceObservation.objects.count() == 1


def test_a_price_change_updates_the_row_and_adds_one_observation() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    later = FETCHED_AT + timedelta(hours=1)

    result = product_upsert(
        [replace(record, fetched_at=later, price_amount=Decimal("19.99"), price_display="$19.99")]
    )

    assert result.updated == [record.asin]
    product = Product.objects.get(asin=record.asin)
    assert (product.price_amount, product.price_display) == (Decimal("19.99"), "$19.99")
    history = list(product.price_history.values_list("amount", flat=True))
    assert history == [Decimal("24.99"), Decimal("19.99")]


def test_a_text_change_without_price_change_adds_no_observation() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])

    result = product_upsert(
        [replace(record, fetched_at=FETCHED_AT + timedelta(hours=1), title="Renamed kettle")]
    )

    assert result.updated == [record.asin]
    assert Product.objects.get(asin=record.asin).title == "Renamed kettle"
    assert PriceObservation.objects.count() == 1


def test_ratings_are_stored_and_a_new_count_rewrites_the_row() -> None:
    record = ProductRecordFactory.build(rating_value=Decimal("4.5"), rating_count=120)
    product_upsert([record])

    result = product_upsert(
        [replace(record, fetched_at=FETCHED_AT + timedelta(hours=1), rating_count=121)]
    )

    assert result.updated == [record.asin]
    product = Product.objects.get(asin=record.asin)
    assert (product.rating_value, product.rating_count) == (Decimal("4.5"), 121)


def test_an_older_fetch_never_overwrites_a_newer_one() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])

    result = product_upsert(
        [replace(record, fetched_at=FETCHED_AT - timedelta(hours=1), title="Stale title")]
    )

    assert result.unchanged == [record.asin]
    assert Product.objects.get(asin=record.asin).title == record.title


def test_curation_fields_are_never_touched() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    Product.objects.filter(asin=record.asin).update(
        published=False, featured=True, title_override="Staff title", notes="keep"
    )

    product_upsert(
        [replace(record, fetched_at=FETCHED_AT + timedelta(hours=1), title="New API title")]
    )

    product = Product.objects.get(asin=record.asin)
    assert product.title == "New API title"
    assert (product.published, product.featured, product.title_override, product.notes) == (
        False,
        True,
        "Staff title",
        "keep",
    )


def test_invalid_records_are_reported_and_the_rest_written() -> None:
    good = ProductRecordFactory.build()
    bad_asin = ProductRecordFactory.build(asin="b0-short")
    bad_store = ProductRecordFactory.build(marketplace="XX")

    result = product_upsert([good, bad_asin, bad_store])

    assert result.created == [good.asin]
    assert set(result.failed) == {"b0-short", bad_store.asin}
    assert "unknown marketplace" in result.failed[bad_store.asin]
    assert Product.objects.count() == 1


def test_the_same_asin_in_two_stores_is_two_products() -> None:
    us = ProductRecordFactory.build(asin="B0SAMEASIN")
    uk = ProductRecordFactory.build(asin="B0SAMEASIN", marketplace="UK", price_currency="GBP")

    product_upsert([us, uk])

    assert set(Product.objects.values_list("marketplace", flat=True)) == {"US", "UK"}
    assert Category.objects.filter(node_id="289935").count() == 2


def test_duplicates_within_a_batch_keep_the_latest_fetch() -> None:
    first = ProductRecordFactory.build(asin="B0DUPLICAT")
    second = replace(first, fetched_at=FETCHED_AT + timedelta(minutes=5), title="Newest")

    result = product_upsert([second, first])

    assert result.created == ["B0DUPLICAT"]
    assert Product.objects.get(asin="B0DUPLICAT").title == "Newest"


def test_moving_to_another_category_relinks_the_product() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    moved = replace(
        record,
        fetched_at=FETCHED_AT + timedelta(hours=1),
        categories=(CategoryRecord(node_id="999", name="Teapots"),),
    )

    product_upsert([moved])

    product = Product.objects.get(asin=record.asin)
    assert [c.node_id for c in product.categories.all()] == ["999"]
    assert product.category is not None and product.category.name == "Teapots"


def test_marking_unavailable_keeps_the_product_and_records_it() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    later = FETCHED_AT + timedelta(hours=2)

    marked = products_mark_unavailable(marketplace="US", asins=[record.asin], at=later)
    again = products_mark_unavailable(marketplace="US", asins=[record.asin], at=later)

    assert marked == [record.asin]
    assert again == []
    product = Product.objects.get(asin=record.asin)
    assert product.availability == Availability.UNAVAILABLE
    assert product.price_amount is None
    assert product.price_history.count() == 2
    result = product_upsert([replace(record, fetched_at=later + timedelta(hours=1))])
    assert result.updated == [record.asin]
    assert Product.objects.get(asin=record.asin).price_amount == Decimal("24.99")

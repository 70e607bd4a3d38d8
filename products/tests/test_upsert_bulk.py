"""product_upsert on batches the size an import brings: counted against the database itself."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction

from devtools.synthetic import CATEGORY_NODES, sample_record
from products.events import PRICE_DROPPED, CatalogueEvent, catalogue_events
from products.models import Category, Product
from products.records import Availability, ProductRecord
from products.services import product_upsert
from products.services.bulk_writer import products_copy
from products.services.ingested_fields import ingested_values

pytestmark = pytest.mark.django_db(transaction=True)

AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _records(numbers: range, at: datetime = AT) -> list[ProductRecord]:
    return [
        sample_record(number, marketplace="US", fetched_at=at, partner_tag="t-20")
        for number in numbers
    ]


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return int(row[0])


def test_the_content_hash_is_that_of_the_record_without_fetch_time_or_payload() -> None:
    record = replace(_records(range(1))[0], raw={"ItemInfo": {"Title": "x"}})
    stable = replace(record, fetched_at=datetime(1970, 1, 1, tzinfo=UTC), raw={})

    # Hashes already stored were made this way; a new formula would rewrite every product.
    assert record.content_hash == hashlib.sha256(repr(stable).encode()).hexdigest()
    assert replace(record, fetched_at=AT + timedelta(days=1), raw={}).content_hash == (
        record.content_hash
    )
    assert replace(record, title="Other").content_hash != record.content_hash


def test_a_large_batch_writes_every_row_link_and_observation() -> None:
    records = _records(range(3000))

    result = product_upsert(records)

    assert len(result.created) == 3000 and not result.failed
    assert _count("SELECT count(*) FROM products_product") == 3000
    assert _count("SELECT count(*) FROM products_product_categories") == 3000
    assert (
        _count(
            "SELECT count(*) FROM products_product p JOIN products_product_categories c "
            "ON c.product_id = p.id AND c.category_id = p.category_id"
        )
        == 3000
    )
    # An item seen for the first time gets one observation, priced or not.
    assert _count("SELECT count(*) FROM products_priceobservation") == 3000
    assert Category.objects.count() <= CATEGORY_NODES
    stored = Product.objects.get(asin=records[7].asin)
    assert (stored.title, stored.features, stored.price_amount, stored.content_hash) == (
        records[7].title,
        list(records[7].features),
        records[7].price_amount,
        records[7].content_hash,
    )
    assert (stored.published, stored.featured, stored.title_override, stored.notes) == (
        True,
        False,
        "",
        "",
    )


def test_a_mixed_batch_where_half_exist() -> None:
    product_upsert(_records(range(1000)))
    Product.objects.filter(asin=_records(range(1))[0].asin).update(
        title_override="Staff title", featured=True, notes="kept"
    )
    later = AT + timedelta(hours=1)
    changed = [
        replace(r, title=r.title + " v2", price_amount=Decimal("1.00"))
        for r in _records(range(1000), later)
    ]
    announced: list[CatalogueEvent] = []

    def receive(sender: object, events: list[CatalogueEvent], **kwargs: object) -> None:
        announced.extend(events)

    catalogue_events.connect(receive)
    try:
        result = product_upsert(changed + _records(range(1000, 2000), later))
    finally:
        catalogue_events.disconnect(receive)

    assert (len(result.updated), len(result.created), len(result.unchanged)) == (1000, 1000, 0)
    assert len(result.changed_keys) == 2000
    assert _count("SELECT count(*) FROM products_product") == 2000
    assert _count("SELECT count(*) FROM products_product WHERE title LIKE '%% v2'") == 1000
    assert _count("SELECT count(*) FROM products_product_categories") == 2000
    priced_before = sum(1 for r in _records(range(1000)) if r.price_amount is not None)
    # Each changed product's price moved to 1.00: one more observation each.
    assert _count("SELECT count(*) FROM products_priceobservation") == 3000
    drops = {e.asin for e in announced if e.kind == PRICE_DROPPED}
    assert len(drops) == priced_before > 0
    kept = Product.objects.get(asin=changed[0].asin)
    assert (kept.title_override, kept.featured, kept.notes) == ("Staff title", True, "kept")
    assert kept.title.endswith(" v2") and kept.price_as_of == later


def test_duplicates_in_a_large_batch_keep_the_latest_fetch_once() -> None:
    first = _records(range(500))
    newest = [replace(r, fetched_at=AT + timedelta(hours=2), title="Newest") for r in first]
    older = [replace(r, fetched_at=AT + timedelta(hours=1), title="Older") for r in first]

    result = product_upsert(first + newest + older)

    assert len(result.created) == 500
    assert _count("SELECT count(*) FROM products_product") == 500
    assert _count("SELECT count(*) FROM products_product WHERE title = 'Newest'") == 500
    assert _count("SELECT count(*) FROM products_priceobservation") == 500


def test_an_unchanged_batch_is_only_redated_and_an_older_one_ignored() -> None:
    records = _records(range(800))
    product_upsert(records)
    before = _count("SELECT count(*) FROM products_priceobservation")
    later = AT + timedelta(hours=3)

    redated = product_upsert([replace(r, fetched_at=later) for r in records])
    older = product_upsert(
        [replace(r, fetched_at=AT - timedelta(hours=1), title="Stale") for r in records]
    )

    assert len(redated.unchanged) == len(redated.redated_keys) == 800
    assert not redated.changed_keys
    assert len(older.unchanged) == 800 and not older.redated_keys
    assert Product.objects.filter(price_as_of=later, fetched_at=later).count() == 800
    assert not Product.objects.filter(title="Stale").exists()
    assert _count("SELECT count(*) FROM products_priceobservation") == before


def test_outbound_urls_are_checked_in_bulk() -> None:
    records = _records(range(200))
    records[3] = replace(records[3], detail_page_url="https://evil.example/dp/X")
    records[4] = replace(records[4], availability=Availability.IN_STOCK, asin="bad")

    result = product_upsert(records)

    assert list(result.rejected_urls) == [records[3].asin]
    assert list(result.failed) == ["bad"]
    assert Product.objects.get(asin=records[3].asin).detail_page_url == ""
    assert _count("SELECT count(*) FROM products_product") == 199


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's path")
def test_products_another_writer_created_meanwhile_are_updated_not_failed() -> None:
    product_upsert(_records(range(10)))
    later = AT + timedelta(hours=1)
    rows = [
        (r.asin, ingested_values(replace(r, title="Newer", fetched_at=later), None, later))
        for r in _records(range(12))
    ]

    # As if the lookup had found none of them: COPY meets the existing rows and falls back.
    with transaction.atomic():
        ids = products_copy("US", rows, later, {})

    assert sorted(ids) == sorted(asin for asin, _ in rows)
    assert Product.objects.filter(title="Newer").count() == 12

"""Counting is exact under concurrent clicks: the upsert never loses an increment."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from devtools.testkit.catalogue import ProductFactory
from products.clicks.models import DailyClicks
from products.clicks.services import click_record
from products.collections.models import Collection

DAY = date(2026, 11, 25)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_concurrent_clicks_give_exact_totals() -> None:
    # GIVEN 8 threads, each with its own database connection, clicking the same product
    # alone and from a collection, all released at once.
    product = ProductFactory.create()
    collection = Collection.objects.create(title="Lamps", slug="lamps", marketplace="US")
    threads, per_thread = 8, 50
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def click() -> None:
        try:
            start.wait()
            for index in range(per_thread):
                click_record(
                    product_id=product.pk,
                    collection_id=collection.pk if index % 2 else None,
                    day=DAY,
                )
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=click) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    # THEN no increment is lost and each (product, collection, day) has exactly one row.
    assert failures == []
    rows = dict(DailyClicks.objects.filter(day=DAY).values_list("collection_id", "count"))
    assert rows == {None: threads * per_thread // 2, collection.pk: threads * per_thread // 2}


@pytest.mark.django_db
def test_days_and_collections_are_separate_rows() -> None:
    product = ProductFactory.create()
    collection = Collection.objects.create(title="Lamps", slug="lamps", marketplace="US")

    click_record(product_id=product.pk, collection_id=None, day=DAY)
    click_record(product_id=product.pk, collection_id=None, day=date(2026, 11, 26))
    click_record(product_id=product.pk, collection_id=collection.pk, day=DAY)
    click_record(product_id=product.pk, collection_id=collection.pk, day=DAY)

    rows = DailyClicks.objects.order_by("day", "collection_id").values_list(
        "day", "collection_id", "count"
    )
    assert list(rows) == [
        (DAY, collection.pk, 2),
        (DAY, None, 1),
        (date(2026, 11, 26), None, 1),
    ]

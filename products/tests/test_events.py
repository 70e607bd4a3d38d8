"""Catalogue events: what product_upsert and products_mark_unavailable announce, and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from devtools.testkit.catalogue import FETCHED_AT, ProductRecordFactory
from products.events import (
    BACK_IN_STOCK,
    BECAME_UNAVAILABLE,
    PRICE_DROPPED,
    CatalogueEvent,
    catalogue_events,
)
from products.models import Product
from products.records import Availability
from products.services import product_upsert, products_mark_unavailable

# Events go out on commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

LATER = FETCHED_AT + timedelta(hours=1)


def test_a_new_product_announces_nothing(announced: list[CatalogueEvent]) -> None:
    product_upsert([ProductRecordFactory.build()])

    assert announced == []


def test_a_lower_price_announces_a_drop_with_both_prices(announced: list[CatalogueEvent]) -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])

    product_upsert([replace(record, fetched_at=LATER, price_amount=Decimal("19.99"))])

    [event] = announced
    assert event.kind == PRICE_DROPPED
    assert (event.old_amount, event.new_amount, event.currency) == (
        Decimal("24.99"),
        Decimal("19.99"),
        "USD",
    )
    assert event.product_id == Product.objects.get(asin=record.asin).pk
    assert event.as_json()["new_amount"] == "19.99"
    assert event.as_json()["at"] == LATER.isoformat()


def test_a_higher_price_or_other_currency_is_no_drop(announced: list[CatalogueEvent]) -> None:
    first, second = ProductRecordFactory.build_batch(2)
    product_upsert([first, second])

    product_upsert(
        [
            replace(first, fetched_at=LATER, price_amount=Decimal("29.99")),
            replace(second, fetched_at=LATER, price_amount=Decimal("1.00"), price_currency="EUR"),
        ]
    )

    assert announced == []


def test_stock_returning_and_leaving_are_announced(announced: list[CatalogueEvent]) -> None:
    record = replace(ProductRecordFactory.build(), availability=Availability.OUT_OF_STOCK)
    product_upsert([record])

    product_upsert([replace(record, fetched_at=LATER, availability=Availability.IN_STOCK)])
    products_mark_unavailable(marketplace="US", asins=[record.asin], at=LATER + timedelta(hours=1))

    assert [e.kind for e in announced] == [BACK_IN_STOCK, BECAME_UNAVAILABLE]
    assert announced[1].old_amount == Decimal("24.99")
    assert announced[1].new_amount is None


def test_a_failing_receiver_never_fails_the_write(announced: list[CatalogueEvent]) -> None:
    def broken(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("receiver down")

    catalogue_events.connect(broken)
    try:
        record = ProductRecordFactory.build()
        product_upsert([record])
        result = product_upsert([replace(record, fetched_at=LATER, price_amount=Decimal("1"))])
    finally:
        catalogue_events.disconnect(broken)

    assert result.updated == [record.asin]
    assert [e.kind for e in announced] == [PRICE_DROPPED]

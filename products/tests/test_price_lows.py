"""The "lowest price in 30 days" badge, from the site's own price history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from devtools.testkit.catalogue import ago, fresh, stale
from products.models import PriceObservation, Product
from products.price_lows import products_at_30_day_low

pytestmark = pytest.mark.django_db


def priced(price: str, history: list[tuple[float, str | None]], **fields: Any) -> Product:
    """A product at `price` now, with observations (days ago, amount) as the site wrote them."""
    product = fresh(price_amount=Decimal(price), **fields)
    for days, amount in history:
        PriceObservation.objects.create(
            product=product,
            observed_at=ago(days=days),
            amount=Decimal(amount) if amount else None,
            currency="USD",
            availability="in_stock" if amount else "out_of_stock",
        )
    return product


def test_a_new_low_after_30_days_of_tracking_is_marked(django_assert_num_queries: Any) -> None:
    dropped = priced("24.99", [(40, "29.99"), (10, "27.99"), (0.1, "24.99")])
    back_from_stock_out = priced("19.00", [(45, "21.00"), (20, None), (1, "19.00")])
    above_the_low = priced("26.00", [(40, "29.99"), (10, "25.00"), (1, "26.00")])
    never_moved = priced("10.00", [(60, "10.00")])
    too_new = priced("5.00", [(20, "9.00"), (1, "5.00")])
    # The price in effect when the window opened counts: 20.00 held from day 40 to day 5.
    opened_lower = priced("22.00", [(40, "20.00"), (5, "25.00"), (1, "22.00")])

    with django_assert_num_queries(1):
        lows = products_at_30_day_low(
            [dropped, back_from_stock_out, above_the_low, never_moved, too_new, opened_lower]
        )

    assert lows == {dropped.pk, back_from_stock_out.pk}


def test_a_price_that_may_not_be_shown_gets_no_badge_and_costs_no_query(
    django_assert_num_queries: Any,
) -> None:
    old = stale(price_amount=Decimal("5.00"))
    PriceObservation.objects.create(
        product=old, observed_at=ago(days=40), amount=Decimal("9.00"), currency="USD"
    )
    no_offer = fresh(price_amount=None)

    with django_assert_num_queries(0):
        assert products_at_30_day_low([old, no_offer]) == frozenset()

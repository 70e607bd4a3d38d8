"""Which shown prices are the lowest the site itself recorded in the last 30 days.

One query for a whole page of products, over the price history the site keeps
(PriceObservation, written on every change), so a list of cards costs no query per card.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from products.models import PriceObservation, Product

WINDOW = timedelta(days=30)


def products_at_30_day_low(
    products: Iterable[Product], *, now: datetime | None = None
) -> frozenset[int]:
    """Ids of the products whose fresh price is the lowest of the last 30 days.

    Only for products tracked for the whole window (a week-old product's lowest price
    says little), and only below the window's highest price: a price that never moved is
    no low. The price in effect when the window opened counts as one of the window's.
    """
    now = now or timezone.now()
    since = now - WINDOW
    priced = {p.pk: p for p in products if p.price_is_fresh and p.price_amount is not None}
    if not priced:
        return frozenset()
    opening_price = (
        PriceObservation.objects.filter(
            product=OuterRef("product_id"), observed_at__lte=since, amount__isnull=False
        )
        .order_by("-observed_at")
        .values("amount")[:1]
    )
    in_window = Q(observed_at__gt=since)
    rows = (
        PriceObservation.objects.filter(product_id__in=priced, amount__isnull=False)
        .values("product_id")
        .annotate(
            low=Min("amount", filter=in_window),
            high=Max("amount", filter=in_window),
            opening=Subquery(opening_price),
        )
        .order_by()
    )
    lows = set()
    for row in rows:
        # No price on record before the window: tracked for less than 30 days.
        if row["opening"] is None:
            continue
        seen = [
            amount for amount in (row["low"], row["high"], row["opening"]) if amount is not None
        ]
        price = priced[row["product_id"]].price_amount
        if price is not None and price <= min(seen) and price < max(seen):
            lows.add(row["product_id"])
    return frozenset(lows)

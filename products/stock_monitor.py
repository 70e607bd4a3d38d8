"""Products Amazon has stopped selling: out of stock or unavailable for long, or no longer returned.

When the current unavailability began is read from the price history (a PriceObservation
is written on every availability change), so no write path keeps extra state for it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from products.models import PriceObservation, Product
from products.records import Availability
from products.services import products_unpublish

logger = logging.getLogger(__name__)

# Nobody can buy the product; "unknown" and "ships later" are not counted.
GONE = (Availability.OUT_OF_STOCK, Availability.UNAVAILABLE)

# A log line names at most this many products; the count is always exact.
LOGGED_PRODUCTS = 200


def unavailable_since() -> Coalesce:
    """When the product's current stretch of being gone began (annotate gone products only).

    The earliest "gone" observation with no "available" one after it. A product with no
    history at all (added by hand) counts from when it was added.
    """
    available_later = PriceObservation.objects.filter(
        product_id=OuterRef("product_id"), observed_at__gt=OuterRef("observed_at")
    ).exclude(availability__in=GONE)
    start = (
        PriceObservation.objects.filter(product_id=OuterRef("pk"), availability__in=GONE)
        .filter(~Exists(available_later))
        .order_by("observed_at")
        .values("observed_at")[:1]
    )
    return Coalesce(Subquery(start), F("created_at"))


def not_returned_by_amazon() -> Q:
    """Products the API answered "not found" or "not accessible" for at their last refresh.

    products_mark_unavailable empties content_hash, and the next item the API returns sets
    it again, so an empty hash on an unavailable product means Amazon stopped returning it.
    """
    return Q(availability=Availability.UNAVAILABLE, content_hash="")


def products_unavailable_longer_than(
    products: QuerySet[Product], *, days: int, now: datetime
) -> QuerySet[Product]:
    """Out of stock or unavailable, continuously, for more than `days` days before `now`."""
    return (
        products.filter(availability__in=GONE)
        .annotate(unavailable_since=unavailable_since())
        .filter(unavailable_since__lt=now - timedelta(days=days))
    )


def products_not_returned(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.filter(not_returned_by_amazon())


def products_to_unpublish(*, days: int, now: datetime) -> QuerySet[Product]:
    """Published products gone longer than `days`, or no longer returned by Amazon."""
    published = Product.objects.filter(published=True)
    long_gone = products_unavailable_longer_than(published, days=days, now=now).values("pk")
    return published.filter(Q(pk__in=long_gone) | not_returned_by_amazon())


def products_unpublish_unavailable(*, days: int, now: datetime) -> int:
    """Unpublish what products_to_unpublish finds; returns how many were unpublished."""
    hidden = products_unpublish(
        products_to_unpublish(days=days, now=now).values_list("pk", flat=True)
    )
    if not hidden:
        logger.info("stock monitor: no product to unpublish")
        return 0
    named = ", ".join(f"{marketplace}:{asin}" for marketplace, asin in hidden[:LOGGED_PRODUCTS])
    logger.info(
        "stock monitor: unpublished %d product(s) unavailable for more than %d days or no "
        "longer returned by Amazon: %s%s",
        len(hidden),
        days,
        named,
        " …" if len(hidden) > LOGGED_PRODUCTS else "",
    )
    return len(hidden)

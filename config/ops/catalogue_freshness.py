"""How fresh the prices the catalogue shows are: the oldest one and how many are stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from products.models import Product


@dataclass(frozen=True)
class CatalogueFreshness:
    published: int
    stale: int
    oldest_price_as_of: datetime | None

    def oldest_price_age(self, *, now: datetime) -> float | None:
        """Seconds since the oldest price of a published product was fetched."""
        if self.oldest_price_as_of is None:
            return None
        return max(0.0, (now - self.oldest_price_as_of).total_seconds())


def catalogue_freshness(*, now: datetime | None = None) -> CatalogueFreshness:
    """One aggregate query over published products (the price_as_of index serves the minimum)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.PRICE_MAX_AGE)
    totals = Product.objects.filter(published=True).aggregate(
        published=Count("pk"),
        stale=Count("pk", filter=Q(price_as_of__isnull=True) | Q(price_as_of__lt=cutoff)),
        oldest=Min("price_as_of", filter=Q(price_amount__isnull=False)),
    )
    return CatalogueFreshness(
        published=totals["published"], stale=totals["stale"], oldest_price_as_of=totals["oldest"]
    )

"""Reads of alert subscriptions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from products.alerts.models import Subscription


def unconfirmed_cutoff() -> datetime:
    """Unconfirmed alerts created before this can no longer be confirmed: their link expired."""
    return timezone.now() - timedelta(seconds=settings.ALERTS_CONFIRM_MAX_AGE)


def subscriptions_live() -> QuerySet[Subscription]:
    """Confirmed alerts, and unconfirmed ones whose link can still be used: what limits count."""
    return Subscription.objects.filter(
        Q(confirmed_at__isnull=False) | Q(created_at__gte=unconfirmed_cutoff())
    )


def subscriptions_of_address(key: str) -> QuerySet[Subscription]:
    """An address's live alerts (by its address_key) with their products, newest first."""
    return subscriptions_live().filter(address_key=key).select_related("product")


def products_with_alerts_changed_since(since: datetime) -> list[int]:
    """Products with confirmed alerts whose price or availability changed since `since`."""
    return list(
        Subscription.objects.filter(
            confirmed_at__isnull=False, product__price_history__observed_at__gte=since
        )
        .values_list("product_id", flat=True)
        .distinct()
        .order_by("product_id")
    )

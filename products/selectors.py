"""Reads of the catalogue shared by pages, the API and the admin."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q, QuerySet

from products.models import Product


def products_published() -> QuerySet[Product]:
    return Product.objects.filter(published=True)


def products_recent(*, limit: int) -> list[Product]:
    return list(products_published().select_related("category").order_by("-updated_at")[:limit])


def products_due_for_refresh(
    *, marketplaces: list[str], older_than: datetime, limit: int
) -> list[tuple[str, str]]:
    """(marketplace, asin) of published products, oldest price first (never fetched first)."""
    rows = (
        products_published()
        .filter(marketplace__in=marketplaces)
        .filter(Q(price_as_of__isnull=True) | Q(price_as_of__lt=older_than))
        .order_by(F("price_as_of").asc(nulls_first=True), "id")
        .values_list("marketplace", "asin")[:limit]
    )
    return list(rows)


def products_carried(*, marketplaces: list[str]) -> int:
    return products_published().filter(marketplace__in=marketplaces).count()

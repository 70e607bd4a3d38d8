"""Reads of the catalogue shared by pages, the API and the admin."""

from __future__ import annotations

from django.db.models import QuerySet

from products.models import Product


def products_published() -> QuerySet[Product]:
    return Product.objects.filter(published=True)


def products_recent(*, limit: int) -> list[Product]:
    return list(products_published().select_related("category").order_by("-updated_at")[:limit])

"""Reads of the kept category totals."""

from __future__ import annotations

from products.category_totals.models import CategoryTotal
from products.models import Category


def categories_top(*, marketplace: str, limit: int) -> list[Category]:
    """A store's root categories with the most published products, as last counted.

    Each carries `product_total`; roots with no products are left out.
    """
    totals = (
        CategoryTotal.objects.filter(marketplace=marketplace, product_total__gt=0)
        .select_related("category")
        .order_by("-product_total", "category__name")[:limit]
    )
    ranked = []
    for total in totals:
        total.category.product_total = total.product_total  # type: ignore[attr-defined]
        ranked.append(total.category)
    return ranked

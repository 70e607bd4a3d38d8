"""Recounting the published products under every root category."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from products.category_totals.models import CategoryTotal
from products.models import Category
from products.selectors import products_published


def category_totals_refresh() -> int:
    """Recount every store's root categories in one pass over the catalogue; returns the roots.

    A product counts under a root when its category is the root or lies beneath it in the
    same store, as `products.catalogue_filter.in_category` filters them.
    """
    roots = {(c.marketplace, c.path): c for c in Category.objects.filter(depth=0)}
    totals: Counter[int] = Counter()
    rows = (
        products_published()
        .filter(category__isnull=False, category__marketplace=F("marketplace"))
        .values_list("marketplace", "category__path")
        .annotate(n=Count("id"))
    )
    for marketplace, path, n in rows:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            root = roots.get((marketplace, "/".join(parts[:depth])))
            if root is not None:
                totals[root.pk] += n
    now = timezone.now()
    with transaction.atomic():
        CategoryTotal.objects.all().delete()
        CategoryTotal.objects.bulk_create(
            CategoryTotal(
                category=root,
                marketplace=root.marketplace,
                product_total=totals[root.pk],
                counted_at=now,
            )
            for root in roots.values()
        )
    return len(roots)

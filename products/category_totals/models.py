"""Published products per root category, kept so the home page never counts the catalogue."""

from __future__ import annotations

from django.db import models

from products.marketplaces import MARKETPLACE_CHOICES
from products.models import Category


class CategoryTotal(models.Model):
    """One root category's published products (its own and its descendants') at `counted_at`."""

    category = models.OneToOneField(
        Category, on_delete=models.CASCADE, primary_key=True, related_name="total"
    )
    # The category's store, copied so a store's ranking is read from one index.
    marketplace = models.CharField(max_length=2, choices=MARKETPLACE_CHOICES)
    product_total = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["marketplace", "-product_total"], name="category_total_ranking")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.product_total}"

"""Clicks on outbound Amazon links, counted per product, collection and day; nothing personal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from products.collections.models import Collection
from products.models import Product


class DailyClicks(models.Model):
    """How many times a product's Amazon link was followed on one day (UTC), from one collection.

    Deliberately holds no address, user agent, cookie or time of day: a count is all it is.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="daily_clicks")
    # Clicks from a collection's page; empty for every other page. Deleting a collection
    # deletes its rows (nulling them would collide with the product's own row for the day).
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="daily_clicks"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "daily clicks"
        verbose_name_plural = "daily clicks"
        ordering = ["-day", "-count", "id"]
        # Two partial unique indexes rather than one with NULLS NOT DISTINCT: SQLite has no
        # NULLS NOT DISTINCT (Django skips such a constraint there), and the upsert in
        # products.clicks.services names the index it conflicts on by its predicate.
        constraints = [
            models.UniqueConstraint(
                fields=["product", "day"],
                condition=Q(collection__isnull=True),
                name="clicks_unique_product_day",
            ),
            models.UniqueConstraint(
                fields=["product", "collection", "day"],
                condition=Q(collection__isnull=False),
                name="clicks_unique_product_collection_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="clicks_day")]

    def __str__(self) -> str:
        return f"{self.product_id} on {self.day}: {self.count}"

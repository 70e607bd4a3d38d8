"""The catalogue: browse-node categories, products and their price history."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from products.deals import LiveDeal, live_deal
from products.freshness import is_fresh
from products.marketplaces import MARKETPLACE_CHOICES
from products.records import Availability

asin_validator = RegexValidator(
    r"^[A-Z0-9]{10}\Z", "An ASIN is exactly 10 characters, capital letters A-Z and digits 0-9."
)


class Category(models.Model):
    """A browse node; `path` (root-first node ids) keeps the tree cheap to order and filter."""

    marketplace = models.CharField(max_length=2, choices=MARKETPLACE_CHOICES)
    node_id = models.CharField(max_length=32)
    name = models.CharField(max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    path = models.CharField(max_length=1024, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["marketplace", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "node_id"], name="category_unique_marketplace_node"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.node_id

    def get_absolute_url(self) -> str:
        from products.links import category_url

        return category_url(self)

    def ancestor_ids(self) -> list[str]:
        """Node ids from the root down to the parent, read from the stored path."""
        return self.path.split("/")[:-1]


class Product(models.Model):
    """One ASIN in one store. Ingested fields are overwritten by refreshes; curated ones never."""

    marketplace = models.CharField(max_length=2, choices=MARKETPLACE_CHOICES)
    asin = models.CharField("ASIN", max_length=10, validators=[asin_validator])

    # Ingested from the Creators API.
    parent_asin = models.CharField("parent ASIN", max_length=10, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    brand = models.CharField(max_length=255, blank=True)
    manufacturer = models.CharField(max_length=255, blank=True)
    features = models.JSONField(default=list, blank=True)
    images = models.JSONField(default=dict, blank=True)
    detail_page_url = models.URLField(max_length=2000, blank=True)
    price_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    price_currency = models.CharField(max_length=3, blank=True)
    price_display = models.CharField(max_length=64, blank=True)
    savings_basis_amount = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    savings_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    savings_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    availability = models.CharField(
        max_length=16, choices=Availability.CHOICES, default=Availability.UNKNOWN
    )
    availability_message = models.CharField(max_length=255, blank=True)
    merchant_name = models.CharField(max_length=255, blank=True)
    condition = models.CharField(max_length=32, blank=True)
    deal = models.JSONField(default=dict, blank=True)
    # Amazon's customerReviews: the weighted star rating (0 to 5) and the number of ratings.
    rating_value = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    rating_count = models.PositiveIntegerField(null=True, blank=True)
    sales_rank = models.PositiveIntegerField(null=True, blank=True)
    variation_attributes = models.JSONField(default=list, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="primary_products"
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="products")
    fetched_at = models.DateTimeField(null=True, blank=True)
    price_as_of = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    # Curated by staff; ingestion never writes these.
    published = models.BooleanField(default=True)
    featured = models.BooleanField(default=False)
    title_override = models.CharField(max_length=1000, blank=True)
    notes = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "asin"], name="product_unique_marketplace_asin"
            )
        ]
        indexes = [
            models.Index(fields=["category", "price_amount"], name="product_category_price"),
            models.Index(fields=["marketplace"], name="product_marketplace"),
            models.Index(fields=["-updated_at"], name="product_updated_desc"),
            # Refresh order is oldest price first (never-fetched rows, NULL, come first).
            models.Index(fields=["price_as_of"], name="product_price_as_of"),
            # A product page's variations: the children of its parent ASIN, in its store.
            # Most products have no parent, and those rows are left out of the index.
            models.Index(
                fields=["marketplace", "parent_asin"],
                name="product_parent_asin",
                condition=~models.Q(parent_asin=""),
            ),
            # Related products: the best sellers of one category, read in rank order.
            models.Index(fields=["category", "sales_rank", "id"], name="product_category_rank"),
            # Category pages over many categories, best sellers first.
            models.Index(fields=["sales_rank", "id"], name="product_sales_rank"),
            # The API's default order, newest first, read backwards.
            models.Index(fields=["created_at", "id"], name="product_created_at"),
            # The API's price and saving orders: fresh ones read in order (pagination.py).
            models.Index(fields=["price_amount", "id"], name="product_price"),
            models.Index(fields=["-savings_percent", "id"], name="product_saving"),
            # The home page's featured and biggest-savings rows, read in display order
            # without scanning the catalogue; each index holds only the rows it can show.
            models.Index(
                fields=["marketplace", "-updated_at", "id"],
                name="product_featured",
                condition=models.Q(featured=True, published=True),
            ),
            models.Index(
                fields=["marketplace", "-savings_percent", "id"],
                name="product_savings",
                condition=models.Q(published=True, savings_percent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title or self.asin} ({self.marketplace})"

    def get_absolute_url(self) -> str:
        from products.links import product_url

        return product_url(self)

    @property
    def display_title(self) -> str:
        return self.title_override or self.title

    @property
    def price_is_fresh(self) -> bool:
        """Amazon's rule: a price or availability older than PRICE_MAX_AGE is never shown."""
        return is_fresh(self.price_as_of)

    @property
    def live_deal(self) -> LiveDeal | None:
        """Amazon's deal while it runs, and only beside a price that may be shown."""
        if not self.price_is_fresh or self.price_amount is None:
            return None
        return live_deal(self.deal)

    @property
    def rating_is_shown(self) -> bool:
        """A rating only when Amazon returned one and the item's data is fresh (24-hour rule)."""
        return self.rating_value is not None and bool(self.rating_count) and self.price_is_fresh


class PriceObservation(models.Model):
    """A price or availability change; written only on change, so history is exact and small."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_history")
    observed_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    availability = models.CharField(max_length=16, choices=Availability.CHOICES)

    class Meta:
        ordering = ["product", "observed_at"]
        indexes = [models.Index(fields=["product", "observed_at"], name="observation_product_time")]

    def __str__(self) -> str:
        return (
            f"{self.product_id} {self.amount} {self.currency} at {self.observed_at:%Y-%m-%d %H:%M}"
        )

"""Collections: a hand-picked, ordered list of products, or a rule that picks them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from products.browse import MAX_PRICE
from products.catalogue_filter import SORTS
from products.marketplaces import MARKETPLACE_CHOICES
from products.models import Category, Product
from products.records import Availability

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    "Use lower-case letters, digits and single hyphens between words, e.g. `desk-lamps`.",
)

# What a comparison table can set side by side, in the order its rows are shown.
COMPARE_ATTRIBUTES = {
    "price": _("Price"),
    "saving": _("Saving"),
    "brand": _("Brand"),
    "availability": _("Availability"),
    "sales_rank": _("Sales rank"),
    "features": _("Key features"),
}
DEFAULT_COMPARE_ATTRIBUTES = ["price", "saving", "brand", "availability"]

# A page of one collection stays one page: a grid of at most this many products.
MAX_ITEMS_LIMIT = 100
DEFAULT_MAX_ITEMS = 24
DEFAULT_SORT = "relevance"

# The fields that only mean something for a rule collection (sort counts once changed).
RULE_FIELDS = (
    "rule_category",
    "rule_brand",
    "rule_min_price",
    "rule_max_price",
    "rule_min_saving",
    "rule_keywords",
    "rule_availability",
)


def default_compare_attributes() -> list[str]:
    return list(DEFAULT_COMPARE_ATTRIBUTES)


class Collection(models.Model):
    """A curated list of products in one store, with its own page and comparison table."""

    MANUAL = "manual"
    RULE = "rule"
    KIND_CHOICES = [(MANUAL, "Hand-picked products, in a chosen order"), (RULE, "Chosen by a rule")]

    title = models.CharField(max_length=200)
    slug = models.CharField(
        max_length=80,
        unique=True,
        validators=[slug_validator],
        help_text="The page's address: /collections/<slug>/.",
    )
    marketplace = models.CharField(max_length=2, choices=MARKETPLACE_CHOICES)
    intro = models.TextField(blank=True, help_text="Shown above the products. Plain text.")
    kind = models.CharField(max_length=8, choices=KIND_CHOICES, default=MANUAL)
    published = models.BooleanField(default=False)
    show_on_home = models.BooleanField("show on the home page", default=False)
    home_order = models.PositiveSmallIntegerField(
        "home page order", default=0, help_text="Lower numbers come first on the home page."
    )
    compare_attributes = models.JSONField(
        "compared attributes",
        default=default_compare_attributes,
        help_text="The rows of the comparison table.",
    )
    max_items = models.PositiveSmallIntegerField(
        default=DEFAULT_MAX_ITEMS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEMS_LIMIT)],
        help_text=f"Most products shown, 1 to {MAX_ITEMS_LIMIT}.",
    )

    rule_category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        # Deleting the category would silently widen the rule to the whole store.
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="category",
        help_text="Products filed under this category or any category below it.",
    )
    rule_brand = models.CharField(
        "brand", max_length=255, blank=True, help_text="Exact brand name (any case)."
    )
    rule_min_price = models.DecimalField(
        "lowest price",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
        help_text="In the store's currency; only fresh prices count.",
    )
    rule_max_price = models.DecimalField(
        "highest price",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
        help_text="In the store's currency, inclusive; only fresh prices count.",
    )
    rule_min_saving = models.PositiveSmallIntegerField(
        "minimum saving (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text="1 to 99; only fresh savings count.",
    )
    rule_keywords = models.CharField(
        "keywords",
        max_length=200,
        blank=True,
        help_text='As in the site search: quoted phrases, -exclusion, "or".',
    )
    rule_availability = models.CharField(
        "availability",
        max_length=16,
        choices=Availability.CHOICES,
        blank=True,
        help_text="As last confirmed within 24 hours.",
    )
    sort = models.CharField(
        max_length=16,
        choices=list(SORTS.items()),
        default=DEFAULT_SORT,
        help_text="Rule collections only. Relevance: best match to the keywords, then the "
        "best-selling (sales rank) first.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["home_order", "title", "id"]
        indexes = [
            models.Index(fields=["published", "show_on_home", "home_order"], name="collection_home")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collections:detail", kwargs={"slug": self.slug})

    @property
    def is_rule(self) -> bool:
        return self.kind == self.RULE

    def rule_is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in RULE_FIELDS)

    def compared(self) -> list[tuple[str, str]]:
        """The chosen attributes as (key, label), in the table's fixed order."""
        chosen = set(self.compare_attributes or [])
        return [(key, str(label)) for key, label in COMPARE_ATTRIBUTES.items() if key in chosen]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        attributes = self.compare_attributes
        if not isinstance(attributes, list) or not attributes:
            refuse("compare_attributes", "Choose at least one attribute to compare.")
        else:
            unknown = [a for a in attributes if a not in COMPARE_ATTRIBUTES]
            if unknown:
                refuse("compare_attributes", f"Unknown attributes: {', '.join(map(str, unknown))}.")
        if self.is_rule:
            self._clean_rule(refuse)
        else:
            for name in RULE_FIELDS:
                if getattr(self, name) not in (None, ""):
                    refuse(name, "Only a rule collection uses this; clear it or choose a rule.")
            if self.sort != DEFAULT_SORT:
                refuse("sort", "A hand-picked collection keeps its chosen order.")
        if errors:
            raise ValidationError(errors)

    def _clean_rule(self, refuse: Callable[[str, str], None]) -> None:
        low, high = self.rule_min_price, self.rule_max_price
        if low is not None and high is not None and low > high:
            refuse("rule_max_price", "Must not be below the lowest price.")
        category = self.rule_category
        if category is not None and self.marketplace and category.marketplace != self.marketplace:
            refuse(
                "rule_category",
                f"This category belongs to the {category.marketplace} store, "
                f"not the collection's {self.marketplace} store.",
            )
        if self.rule_is_empty():
            # A rule with no criterion would list the whole store: that is not curation.
            refuse(
                "__all__",
                "Give the rule at least one criterion (category, brand, price, saving, "
                "keywords or availability); an empty rule would match the whole store.",
            )


class CollectionItem(models.Model):
    """A product hand-picked for a collection, at a position (lowest first)."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="collection_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["collection", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="collection_item_unique_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection_id} #{self.position}: {self.product_id}"

    def clean(self) -> None:
        collection = getattr(self, "collection", None)
        product = getattr(self, "product", None)
        if collection is None or product is None:
            return
        if collection.marketplace and product.marketplace != collection.marketplace:
            raise ValidationError(
                {
                    "product": f"This product is in the {product.marketplace} store, "
                    f"not the collection's {collection.marketplace} store."
                }
            )

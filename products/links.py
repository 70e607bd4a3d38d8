"""The storefront's clean URLs for products and categories."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import slugify

from products.models import Category, Product

# Slugs are for people and search engines; the id before them is what is looked up.
MAX_SLUG_LENGTH = 60


def _slug(text: str, fallback: str) -> str:
    return slugify(text)[:MAX_SLUG_LENGTH].strip("-") or fallback


def product_url(product: Product) -> str:
    return reverse(
        "products:product",
        kwargs={
            "marketplace": product.marketplace.lower(),
            "asin": product.asin,
            "slug": _slug(product.display_title, "product"),
        },
    )


def category_url(category: Category) -> str:
    return reverse(
        "products:category",
        kwargs={
            "marketplace": category.marketplace.lower(),
            "node_id": category.node_id,
            "slug": _slug(category.name, "category"),
        },
    )

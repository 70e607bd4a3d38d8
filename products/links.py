"""The storefront's clean URLs for products and categories."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from products.models import Category, Product

# Slugs are for people and search engines; the id before them is what is looked up.
MAX_SLUG_LENGTH = 60


def _slug(text: str, fallback: str) -> str:
    return slugify(text)[:MAX_SLUG_LENGTH].strip("-") or fallback


def _page_url(name: str, marketplace: str, key: dict[str, str], text: str, fallback: str) -> str:
    kwargs = {"marketplace": marketplace.lower(), **key, "slug": _slug(text, fallback)}
    return reverse(f"products:{name}", kwargs=kwargs)


def product_url(product: Product) -> str:
    return _page_url(
        "product", product.marketplace, {"asin": product.asin}, product.display_title, "product"
    )


def category_url(category: Category) -> str:
    return _page_url(
        "category", category.marketplace, {"node_id": category.node_id}, category.name, "category"
    )


def site_url(path: str) -> str:
    """`path` on the site's own origin (SITE_URL), whatever Host a request came with: a
    page's links must not depend on its request, or a shared cache could spread a forged
    Host's links to everyone."""
    return f"{settings.SITE_URL}{path}"

"""What every storefront page's header and footer link to: the store's top categories, its
collections, and the site's own pages.

Given to templates as callables, so only a page that shows them reads them; a cached page
reads nothing.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from products.cache_versions import catalogue_version
from products.category_totals.selectors import categories_top
from products.models import Category
from products.site_pages.selectors import FooterLink, footer_links
from products.stores import page_store

NAV_CATEGORIES = 6
NAV_CACHE_SECONDS = 3600


def nav_categories(marketplace: str) -> list[Category]:
    """The store's biggest root categories, read again after each catalogue change."""
    key = f"nav:categories:{marketplace}:{catalogue_version()}"
    found = cache.get(key)
    if found is None:
        found = categories_top(marketplace=marketplace, limit=NAV_CATEGORIES)
        cache.set(key, found, NAV_CACHE_SECONDS)
    return list(found)


def navigation_context(request: HttpRequest) -> dict[str, object]:
    code = page_store(request)

    def categories() -> list[Category]:
        return nav_categories(code)

    def pages() -> list[FooterLink]:
        return footer_links(code)

    return {
        "nav_categories": categories,
        "footer_pages": pages,
        "collections_url": reverse("products:collections", kwargs={"marketplace": code}),
        "deals_url": reverse("products:deals", kwargs={"marketplace": code}),
    }

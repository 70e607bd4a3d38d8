"""A store's lists of products: deals running now and the biggest fresh savings, its
bestsellers by Amazon's sales rank, and its newest products; each for the whole store or
one category (`?category=<node id>`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from products.category_totals.selectors import categories_top
from products.edge_headers import shown
from products.models import Category, Product
from products.page_cache import Rendered, cached_page
from products.price_lows import products_at_30_day_low
from products.selectors import (
    categories_with_node,
    products_biggest_savings,
    products_on_deal,
)

DEALS_SHOWN = 24
SAVINGS_SHOWN = 24
CATEGORY_CHOICES = 12
LIST_PARAMS = ("category", "page")

# What a list page fills in: its product sections (heading, products), and a pager's page.
Sections = tuple[list[tuple[Any, list[Product]]], Any]


def _list_page(
    request: HttpRequest,
    marketplace: str,
    *,
    name: str,
    title: Any,
    sections: Callable[[Category | None], Sections],
) -> HttpResponse:
    def page() -> Rendered:
        raw = request.GET.get("category", "")
        found = categories_with_node(raw, marketplace=marketplace) if raw.isdigit() else []
        if raw and not found:
            # A category of another store (kept by the store switch) or none at all: the
            # whole store's list, rather than an error page.
            return redirect(
                reverse(f"products:{name}", kwargs={"marketplace": marketplace})
            ), shown()
        category = found[0] if found else None
        lists, pager = sections(category)
        products = [product for _, listed in lists for product in listed]
        context = {
            "list_name": name,
            "list_title": title,
            "category": category,
            "category_choices": categories_top(marketplace=marketplace, limit=CATEGORY_CHOICES),
            "sections": lists,
            "page": pager,
            "price_lows": products_at_30_day_low(products),
        }
        return render(request, "products/list.html", context), shown(
            products, store=marketplace, categories=[category] if category else []
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL, params=LIST_PARAMS)


def deals(request: HttpRequest, marketplace: str) -> HttpResponse:
    """Deals running now, then the biggest fresh savings not already shown among them."""

    def sections(category: Category | None) -> Sections:
        running = products_on_deal(marketplace=marketplace, category=category, limit=DEALS_SHOWN)
        savings = products_biggest_savings(
            marketplace=marketplace,
            category=category,
            limit=SAVINGS_SHOWN,
            leaving_out=[p.pk for p in running],
        )
        return [(_("Deals running now"), running), (_("Biggest savings"), savings)], None

    return _list_page(request, marketplace, name="deals", title=_("Deals"), sections=sections)

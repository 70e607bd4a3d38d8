"""A store's home page (featured, collections, savings, recently added, top categories),
and `/`, which sends each visitor to their store's home."""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from products.category_totals.selectors import categories_top
from products.collections.selectors import collections_for_home
from products.edge_headers import shown
from products.page_cache import Rendered, cached_page
from products.price_lows import products_at_30_day_low
from products.selectors import (
    products_biggest_savings,
    products_featured,
    products_recent,
)
from products.stores import request_store, store_home

SECTION_SIZE = 8
HOME_COLLECTIONS = 12


def home(request: HttpRequest, marketplace: str) -> HttpResponse:
    def page() -> Rendered:
        sections = {
            "featured": products_featured(marketplace=marketplace, limit=SECTION_SIZE),
            "savings": products_biggest_savings(marketplace=marketplace, limit=SECTION_SIZE),
            "recent": products_recent(marketplace=marketplace, limit=SECTION_SIZE),
        }
        categories = categories_top(marketplace=marketplace, limit=12)
        products = list(chain.from_iterable(sections.values()))
        context = {
            **sections,
            "price_lows": products_at_30_day_low(products),
            "categories": categories,
            "collections": collections_for_home(marketplace=marketplace, limit=HOME_COLLECTIONS),
        }
        return render(request, "products/home.html", context), shown(
            products, store=marketplace, categories=categories
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)


def visitor_redirect(request: HttpRequest, to: str) -> HttpResponse:
    """A redirect chosen by the visitor's cookie and languages: never kept for others."""
    response = HttpResponseRedirect(to)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    patch_cache_control(response, private=True, max_age=0)
    return response


@require_safe
def home_redirect(request: HttpRequest) -> HttpResponse:
    """`/`: the visitor's store's home (their cookie, else their browser's languages)."""
    return visitor_redirect(request, store_home(request_store(request)))


@require_safe
def search_redirect(request: HttpRequest) -> HttpResponse:
    """The store-less search address of old links: the same search in the visitor's store."""
    target = reverse("products:search", kwargs={"marketplace": request_store(request)})
    query = request.GET.get("q", "")
    return visitor_redirect(request, f"{target}?{urlencode({'q': query})}" if query else target)

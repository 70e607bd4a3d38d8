"""The home page: featured products, collections, savings, recently added, top categories."""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from products.category_totals.selectors import categories_top
from products.collections.selectors import collections_for_home
from products.page_cache import Rendered, cached_page
from products.selectors import (
    products_biggest_savings,
    products_featured,
    products_recent,
)
from products.stores import request_store

SECTION_SIZE = 8
HOME_COLLECTIONS = 12


def home(request: HttpRequest) -> HttpResponse:
    store = request_store(request)

    def page() -> Rendered:
        sections = {
            "featured": products_featured(marketplace=store, limit=SECTION_SIZE),
            "savings": products_biggest_savings(marketplace=store, limit=SECTION_SIZE),
            "recent": products_recent(marketplace=store, limit=SECTION_SIZE),
        }
        context = {
            **sections,
            "categories": categories_top(marketplace=store, limit=12),
            "collections": collections_for_home(marketplace=store, limit=HOME_COLLECTIONS),
        }
        shown = (p.price_as_of for p in chain.from_iterable(sections.values()))
        return render(request, "products/home.html", context), shown

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)

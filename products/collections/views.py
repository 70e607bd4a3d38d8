"""A collection's pages: its products as a grid, and side by side in a comparison table."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from products.collections.models import Collection
from products.collections.selectors import (
    COMPARE_LIMIT,
    collection_for_page,
    collection_products,
    collections_published,
)
from products.edge_headers import shown
from products.page_cache import Rendered, cached_page
from products.page_language import use_store
from products.price_lows import products_at_30_day_low
from products.stores import request_store
from products.views.home import visitor_redirect

SHOWN_IN_THE_BOX = frozenset({"price", "saving"})


def _collection(request: HttpRequest, slug: str) -> Collection:
    # Staff preview unpublished collections; their pages are never cached (page_cache.py).
    found = collection_for_page(slug=slug, include_unpublished=request.user.is_staff)
    if found is None:
        raise Http404("No such collection")
    use_store(request, found.marketplace)
    return found


def collection_index(request: HttpRequest, marketplace: str) -> HttpResponse:
    """A store's published collections."""

    def page() -> Rendered:
        collections = list(
            collections_published().filter(marketplace=marketplace).order_by("title", "id")
        )
        context = {"collections": collections}
        return render(request, "collections/index.html", context), shown(store=marketplace)

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)


@require_safe
def collections_redirect(request: HttpRequest) -> HttpResponse:
    """The store-less address of old links: the visitor's store's collections."""
    target = reverse("products:collections", kwargs={"marketplace": request_store(request)})
    return visitor_redirect(request, target)


def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = _collection(request, slug)

    def page() -> Rendered:
        products = collection_products(collection)
        context = {
            "collection": collection,
            "products": products,
            "price_lows": products_at_30_day_low(products),
        }
        return render(request, "collections/detail.html", context), shown(
            products, store=collection.marketplace, collection=collection.slug
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)


def collection_compare(request: HttpRequest, slug: str) -> HttpResponse:
    collection = _collection(request, slug)

    def page() -> Rendered:
        products = collection_products(collection)
        compared = products[:COMPARE_LIMIT]
        context = {
            "collection": collection,
            "products": compared,
            "price_lows": products_at_30_day_low(compared),
            "total": len(products),
            # Each column's product box already shows the price and the saving.
            "attributes": [
                (key, label) for key, label in collection.compared() if key not in SHOWN_IN_THE_BOX
            ],
        }
        return render(request, "collections/compare.html", context), shown(
            products[:COMPARE_LIMIT], store=collection.marketplace, collection=collection.slug
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)

"""Suggestions for the search box as a visitor types: product titles and brands, cached."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from products.cache_versions import versioned_get, versioned_set
from products.edge_headers import share, store_key
from products.links import product_url
from products.search import normalise_query, search_products
from products.selectors import products_for_cards

MIN_LENGTH = 2
TITLES = 8
# Brands are taken from the best matches, which spares a scan of every brand.
BRAND_POOL = 50
BRANDS = 5


@require_safe
def suggest(request: HttpRequest, marketplace: str) -> JsonResponse:
    """Suggestions from the page's store, like the results they lead to; no price is in
    them, so any visitor may be given them from a shared cache for the search TTL."""
    query = normalise_query(request.GET.get("q", ""))[:100]
    if len(query) < MIN_LENGTH:
        answer: dict[str, object] = {"query": query, "titles": [], "brands": []}
    else:
        key = f"suggest:{marketplace}:{query.lower()}"
        version, answer = versioned_get(key)
        if answer is None:
            answer = _suggestions(query, marketplace)
            versioned_set(key, version, answer, settings.CACHE_SEARCH_TTL)
    response = JsonResponse(answer)
    share(
        response,
        seconds=settings.CACHE_SEARCH_TTL,
        price_deadline=None,
        keys=[store_key(marketplace)],
    )
    return response


def _suggestions(query: str, store: str) -> dict[str, object]:
    products = products_for_cards().filter(marketplace=store)
    matches = list(search_products(products, query).order_by("-rank", "id")[:BRAND_POOL])
    brands: list[str] = []
    for product in matches:
        if product.brand and product.brand not in brands:
            brands.append(product.brand)
    return {
        "query": query,
        "titles": [{"title": p.display_title, "url": product_url(p)} for p in matches[:TITLES]],
        "brands": brands[:BRANDS],
    }

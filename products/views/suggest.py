"""Suggestions for the search box as a visitor types: product titles and brands, cached."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from products.cache_versions import versioned_key
from products.links import product_url
from products.search import normalise_query, search_products
from products.selectors import products_for_cards

MIN_LENGTH = 2
TITLES = 8
# Brands are taken from the best matches, which spares a scan of every brand.
BRAND_POOL = 50
BRANDS = 5


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    query = normalise_query(request.GET.get("q", ""))[:100]
    if len(query) < MIN_LENGTH:
        return JsonResponse({"query": query, "titles": [], "brands": []})
    key = versioned_key("suggest", query.lower())
    answer = cache.get(key)
    if answer is None:
        answer = _suggestions(query)
        cache.set(key, answer, settings.CACHE_SEARCH_TTL)
    return JsonResponse(answer)


def _suggestions(query: str) -> dict[str, object]:
    matches = list(
        search_products(products_for_cards(), query).order_by("-rank", "id")[:BRAND_POOL]
    )
    brands: list[str] = []
    for product in matches:
        if product.brand and product.brand not in brands:
            brands.append(product.brand)
    return {
        "query": query,
        "titles": [{"title": p.display_title, "url": product_url(p)} for p in matches[:TITLES]],
        "brands": brands[:BRANDS],
    }

"""A store's search results with facets, sorting and pagination that keeps the filters."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from products.browse import BROWSE_PARAMS, browse_results, facets, parse_browse
from products.catalogue_filter import SORTS
from products.edge_headers import shown
from products.page_cache import Rendered, cached_page
from products.pagination import paginate
from products.price_lows import products_at_30_day_low
from products.search_words import did_you_mean


def search(request: HttpRequest, marketplace: str) -> HttpResponse:
    def page() -> Rendered:
        browse = parse_browse(request.GET, marketplace=marketplace)
        browse.implied = ("marketplace",)
        results = paginate(browse_results(browse), request.GET.get("page"))
        nothing_found = not results.items and results.number == 1
        context = {
            "browse": browse,
            "page": results,
            "price_lows": products_at_30_day_low(results.items),
            "facets": facets(browse),
            "sorts": SORTS,
            "suggestion": did_you_mean(browse.query) if nothing_found and browse.query else "",
            "unfiltered_url": _unfiltered_url(marketplace, browse.query),
        }
        return render(request, "products/search.html", context), shown(
            results.items, store=marketplace
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL, params=BROWSE_PARAMS)


def _unfiltered_url(marketplace: str, query: str) -> str:
    """The same search with every filter removed."""
    url = reverse("products:search", kwargs={"marketplace": marketplace})
    return f"{url}?{urlencode({'q': query})}" if query else url

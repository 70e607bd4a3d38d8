"""Search results with facets, sorting and pagination that keeps the filters."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from products.browse import browse_results, facets, parse_browse
from products.catalogue_filter import SORTS
from products.page_cache import Rendered, cached_page
from products.pagination import paginate
from products.search_words import did_you_mean
from products.stores import request_store


def search(request: HttpRequest) -> HttpResponse:
    def page() -> Rendered:
        browse = parse_browse(request.GET, marketplace=request_store(request))
        browse.implied = ("marketplace",)
        results = paginate(browse_results(browse), request.GET.get("page"))
        nothing_found = not results.items and results.number == 1
        context = {
            "browse": browse,
            "page": results,
            "facets": facets(browse),
            "sorts": SORTS,
            "suggestion": did_you_mean(browse.query) if nothing_found and browse.query else "",
            "unfiltered_url": _unfiltered_url(browse.query),
        }
        return render(request, "products/search.html", context), (
            p.price_as_of for p in results.items
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL)


def _unfiltered_url(query: str) -> str:
    """The same search with every filter removed."""
    url = reverse("products:search")
    return f"{url}?{urlencode({'q': query})}" if query else url

"""A category page: breadcrumbs, child categories and the products filed under it."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from products.browse import BROWSE_PARAMS, browse_results, parse_browse
from products.edge_headers import shown
from products.links import category_url
from products.models import Category
from products.page_cache import Rendered, cached_page, page_query
from products.pagination import paginate
from products.price_lows import products_at_30_day_low
from products.selectors import category_ancestors, category_children


def category(request: HttpRequest, marketplace: str, node_id: str, slug: str) -> HttpResponse:
    # The page cache answers first: a page is only cached for its canonical URL, and any
    # change to the catalogue moves the version in its key, so a hit needs no database.
    def page() -> Rendered:
        node = Category.objects.filter(marketplace=marketplace.upper(), node_id=node_id).first()
        if node is None:
            raise Http404("No such category")
        canonical = category_url(node)
        if request.path != canonical:
            query = page_query(request, BROWSE_PARAMS)
            moved = redirect(f"{canonical}?{query}" if query else canonical, permanent=True)
            return moved, shown()
        params = request.GET.copy()
        params["category"] = node.node_id
        browse = parse_browse(params, marketplace=node.marketplace)
        browse.implied = ("category", "marketplace")
        results = paginate(browse_results(browse), request.GET.get("page"))
        context = {
            "category": node,
            "ancestors": category_ancestors(node),
            "children": category_children(node),
            "browse": browse,
            "page": results,
            "price_lows": products_at_30_day_low(results.items),
            "canonical": canonical,
        }
        return render(request, "products/category.html", context), shown(
            results.items, store=node.marketplace, categories=[node]
        )

    return cached_page(request, page, ttl=settings.CACHE_SEARCH_TTL, params=BROWSE_PARAMS)

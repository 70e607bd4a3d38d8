"""A product page: gallery, facts, price within Amazon's rules, history, variations."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from products.charts import price_chart
from products.edge_headers import shown
from products.images import gallery
from products.links import product_url, site_url
from products.marketplaces import MARKETPLACES
from products.page_cache import Rendered, cached_page
from products.price_lows import products_at_30_day_low
from products.selectors import (
    category_ancestors,
    price_history,
    product_for_page,
    product_in_other_stores,
    product_related,
    product_variations,
)
from products.structured_data import product_json_ld

RELATED = 8
VARIATIONS = 20


def product(request: HttpRequest, marketplace: str, asin: str, slug: str) -> HttpResponse:
    # The page cache answers first: a page is only cached for its canonical URL while the
    # product is published (unpublishing moves its version), so a hit needs no database.
    key = (marketplace.upper(), asin.upper())

    def page() -> Rendered:
        item = product_for_page(marketplace=key[0], asin=key[1])
        if item is None:
            raise Http404("No such product")
        canonical = product_url(item)
        if request.path != canonical:
            return redirect(canonical, permanent=True), shown()
        images = gallery(item.images)
        variations = product_variations(item, limit=VARIATIONS)
        related = product_related(item, limit=RELATED)
        price_lows = products_at_30_day_low([*variations, *related])
        elsewhere = product_in_other_stores(item, marketplaces=settings.AMAZON_MARKETPLACES)
        history_public = settings.PRICE_HISTORY_PUBLIC
        observations = price_history(item) if history_public else []
        context = {
            "product": item,
            "gallery": images,
            "breadcrumbs": [*category_ancestors(item.category), item.category]
            if item.category
            else [],
            "variations": variations,
            "related": related,
            "price_lows": price_lows,
            "other_stores": [(MARKETPLACES[p.marketplace], p) for p in elsewhere],
            # The same product in each carried store, for search engines (hreflang).
            "alternates": [
                (MARKETPLACES[p.marketplace].locales[0], site_url(product_url(p)))
                for p in [item, *elsewhere]
            ]
            if elsewhere and item.marketplace in settings.AMAZON_MARKETPLACES
            else [],
            "chart": price_chart(observations),
            "history_public": history_public,
            "canonical": canonical,
            "json_ld": product_json_ld(
                item,
                page_url=site_url(canonical),
                image=images[0][0].url if images else "",
            ),
        }
        categories = [item.category] if item.category else []
        return render(request, "products/product.html", context), shown(
            [item, *variations, *related, *elsewhere],
            store=item.marketplace,
            categories=categories,
        )

    return cached_page(request, page, ttl=settings.CACHE_PRODUCT_TTL, product=key)

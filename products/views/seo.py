"""robots.txt and the sitemaps search engines read."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from products.collections.sitemaps import CollectionSitemap
from products.links import site_url
from products.models import Category, Product
from products.selectors import products_published


class ProductSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self) -> QuerySet[Product]:
        return (
            products_published()
            .only("marketplace", "asin", "title", "title_override", "updated_at")
            .order_by("id")
        )

    def lastmod(self, item: Product) -> object:
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self) -> QuerySet[Category]:
        return Category.objects.order_by("id")


SITEMAPS = {
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "collections": CollectionSitemap,
}


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = site_url(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /api/",
        # Every store's search results: /us/search/, /de/search/, ...
        "Disallow: /*/search/",
        "Disallow: /store/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

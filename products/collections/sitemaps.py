"""Published collections in the sitemap, beside products and categories."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from products.collections.models import Collection
from products.collections.selectors import collections_published


class CollectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Collection]:
        return collections_published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item: Collection) -> datetime:
        return item.updated_at

"""A site page in the store's own chrome: staff's text, or the built-in page's."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.views.decorators.http import require_safe

from products.edge_headers import shown
from products.page_cache import Rendered, cached_page
from products.site_pages.builtin import BUILTIN_PAGES
from products.site_pages.selectors import page_stored


@require_safe
def site_page(request: HttpRequest, marketplace: str, slug: str) -> HttpResponse:
    def page() -> Rendered:
        stored = page_stored(slug)
        title: str | Promise
        if stored is not None:
            title, template = stored.title, ""
        elif slug in BUILTIN_PAGES:
            title, template = BUILTIN_PAGES[slug].title, BUILTIN_PAGES[slug].template
        else:
            raise Http404("no such page")
        context = {
            "page_title": title,
            "stored": stored,
            "builtin_template": template,
            "contact_email": settings.SITE_CONTACT_EMAIL,
        }
        return render(request, "site_pages/page.html", context), shown((), store=marketplace)

    return cached_page(request, page, ttl=settings.CACHE_PRODUCT_TTL)

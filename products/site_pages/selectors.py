"""The footer's pages and one page's text: staff's pages over the built-in ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from products.site_pages.builtin import BUILTIN_PAGES
from products.site_pages.models import SitePage

# Every page's footer lists these: read from the database once until staff change one.
FOOTER_CACHE_KEY = "site_pages:footer"
FOOTER_CACHE_SECONDS = 24 * 3600
# The footer lists at most this many of staff's pages.
FOOTER_PAGES_MAX = 20
# Where a page of staff's own goes without a position: after the built-in ones.
LAST_POSITION = 1000


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


def _stored_pages() -> list[tuple[int | None, str, str]]:
    """(position, slug, title) of the published pages staff wrote."""
    stored = cache.get(FOOTER_CACHE_KEY)
    if stored is None:
        stored = list(
            SitePage.objects.filter(published=True)
            .order_by("position", "slug")
            .values_list("position", "slug", "title")[:FOOTER_PAGES_MAX]
        )
        cache.set(FOOTER_CACHE_KEY, stored, FOOTER_CACHE_SECONDS)
    return stored


def footer_links(marketplace: str) -> list[FooterLink]:
    """The footer's pages in order: staff's, and the built-in ones staff did not replace."""
    pages = {
        slug: (position if position is not None else _place_of(slug), title)
        for position, slug, title in _stored_pages()
    }
    for slug, builtin in BUILTIN_PAGES.items():
        pages.setdefault(slug, (builtin.position, str(builtin.title)))
    ordered = sorted(pages.items(), key=lambda item: (item[1][0], item[1][1]))
    return [
        FooterLink(
            title,
            reverse("products:site-page", kwargs={"marketplace": marketplace, "slug": slug}),
        )
        for slug, (_, title) in ordered
    ]


def _place_of(slug: str) -> int:
    builtin = BUILTIN_PAGES.get(slug)
    return builtin.position if builtin else LAST_POSITION


def page_stored(slug: str) -> SitePage | None:
    return SitePage.objects.filter(slug=slug, published=True).first()

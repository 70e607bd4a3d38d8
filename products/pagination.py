"""Storefront pagination that never counts the whole result set.

Counting every match of a common word costs more than the page itself on a large
catalogue, so a page reads one row past its end to know whether a next page exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from products.models import Product

PAGE_SIZE = 24
# Deep pages are for crawlers gone astray; people refine the search long before this.
MAX_PAGE = 200


@dataclass
class Page:
    items: list[Product]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet[Product], raw_page: Any) -> Page:
    """The requested page (1 for a missing or malformed number); 404 past the last page."""
    try:
        number = int(raw_page)
    except (TypeError, ValueError):
        number = 1
    if number < 1 or number > MAX_PAGE:
        raise Http404("No such page")
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    if number > 1 and not rows:
        raise Http404("No such page")
    return Page(items=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)

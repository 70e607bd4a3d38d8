"""Template helpers for product cards and pages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.http import QueryDict

from products.images import Image, card_image
from products.links import product_url
from products.models import Product

register = template.Library()


@register.filter
def card_image_of(product: Product) -> Image | None:
    return card_image(product.images)


@register.filter
def stars_class(rating: Decimal | None) -> str:
    """The rating to the nearest half star as a class name, `stars-45` for 4.3 to 4.7."""
    if rating is None:
        return ""
    halves = (Decimal(rating) * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"stars-{min(max(int(halves), 0), 10) * 5:02d}"


@register.filter
def url_of(product: Product) -> str:
    return product_url(product)


@register.simple_tag(takes_context=True)
def query_with(
    context: dict[str, Any], params: dict[str, Any] | None = None, **changes: Any
) -> str:
    """The current filters with some changed (None or "" removes one), as a query string."""
    browse = context["browse"]
    query = QueryDict(mutable=True)
    for key, value in {**browse.filters(), **(params or {}), **changes}.items():
        if value not in (None, ""):
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"

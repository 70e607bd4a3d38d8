"""The alert form for product pages."""

from __future__ import annotations

from typing import Any

from django import template

from products.alerts.forms import SubscriptionForm
from products.models import Product

register = template.Library()


@register.inclusion_tag("alerts/subscribe_form.html")
def alert_subscribe_form(product: Product) -> dict[str, Any]:
    """The same unbound form for every visitor, so it may sit in a cached page."""
    return {"form": SubscriptionForm(product=product), "product": product}

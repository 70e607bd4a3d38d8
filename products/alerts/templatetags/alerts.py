"""The alert form for product pages, and an alert's condition in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from products.alerts.forms import SubscriptionForm
from products.alerts.models import Subscription
from products.models import Product
from products.templatetags.store_formats import price

register = template.Library()


@register.inclusion_tag("alerts/subscribe_form.html", takes_context=True)
def alert_subscribe_form(context: template.Context, product: Product) -> dict[str, Any]:
    """The same unbound form for every visitor, so it may sit in a cached page."""
    return {
        "form": SubscriptionForm(product=product),
        "product": product,
        "store_locale": context.get("store_locale"),
    }


@register.simple_tag(takes_context=True)
def alert_condition(context: template.Context, subscription: Subscription) -> str:
    """When the alert fires: "when the price is 19,99 € or less"."""
    if subscription.kind == Subscription.TARGET:
        target = price(context, subscription.target_amount, subscription.currency)
        return _("when the price is %(target)s or less") % {"target": target}
    return _("whenever the price drops")

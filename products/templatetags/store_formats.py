"""Prices, numbers and dates in the page's store convention (products/formatting.py).

Each tag reads `store_locale` from the context: the page language context processor sets
it for pages, and emails put their product's store locale there.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from typing import Any

from babel import Locale
from django import template
from django.conf import settings
from django.utils import timezone

from products import formatting
from products.locales import store_locale

register = template.Library()


def _locale(context: template.Context) -> Locale:
    found = context.get("store_locale")
    return found if isinstance(found, Locale) else store_locale(settings.AMAZON_MARKETPLACES[0])


@register.simple_tag(takes_context=True)
def price(context: template.Context, amount: Any, currency: str) -> str:
    if amount is None or amount == "" or not currency:
        return ""
    return formatting.price(amount, currency, _locale(context))


@register.simple_tag(takes_context=True)
def whole_price(context: template.Context, amount: Any, currency: str) -> str:
    return formatting.whole_price(amount, currency, _locale(context))


@register.simple_tag(takes_context=True)
def number(context: template.Context, value: Any) -> str:
    return "" if value is None else formatting.number(value, _locale(context))


@register.simple_tag(takes_context=True)
def percent(context: template.Context, whole_percent: Any) -> str:
    return "" if whole_percent is None else formatting.percent(whole_percent, _locale(context))


@register.simple_tag(takes_context=True)
def day(context: template.Context, value: Date | DateTime | None) -> str:
    return "" if value is None else formatting.day(value, _locale(context))


@register.simple_tag(takes_context=True)
def moment(context: template.Context, value: DateTime | None) -> str:
    return "" if value is None else formatting.moment(value, _locale(context))


@register.simple_tag(takes_context=True)
def short_moment(context: template.Context, value: DateTime | None) -> str:
    if value is None:
        return ""
    return formatting.short_moment(value, _locale(context), now=timezone.now())

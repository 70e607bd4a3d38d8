"""The emails alerts send, each as plain text and HTML from templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from products.alerts.links import (
    confirm_link,
    manage_link,
    product_page_link,
    unsubscribe_link,
)
from products.alerts.models import Subscription
from products.locales import store_language, store_language_tag, store_locale

SUBJECT_TITLE_LENGTH = 60


@dataclass(frozen=True)
class PriceChange:
    """What an alert reports: the price before (when known), now, and since when."""

    old_amount: Decimal | None
    new_amount: Decimal
    currency: str
    as_of: datetime
    observed_at: datetime


def _valid_for(seconds: int) -> str:
    if seconds < 3600:
        minutes = max(seconds // 60, 1)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = seconds // 3600
    if hours < 72:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _subject_title(subscription: Subscription) -> str:
    # A header may not contain a line break, and a title may (it comes from the API).
    title = " ".join((subscription.product.display_title or subscription.product.asin).split())
    return Truncator(title).chars(SUBJECT_TITLE_LENGTH)


def _send(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    store: str,
    unsubscribe: str = "",
    connection: BaseEmailBackend | None = None,
) -> None:
    context = {
        **context,
        "store_locale": store_locale(store),
        "page_lang": store_language_tag(store),
    }
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    headers = {}
    if unsubscribe:
        # RFC 8058 one-click unsubscribe: mail clients POST to the link, no page involved.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers, connection=connection)
    message.attach_alternative(html, "text/html")
    message.send()


def confirmation_email_send(subscription: Subscription) -> None:
    store = subscription.product.marketplace
    with translation.override(store_language(store)):
        _send(
            to=subscription.email,
            subject=_("Confirm your price alert: %(title)s")
            % {"title": _subject_title(subscription)},
            template="confirm",
            context={
                "subscription": subscription,
                "product": subscription.product,
                "product_link": product_page_link(subscription.product),
                "confirm_link": confirm_link(subscription),
                "valid_for": _valid_for(settings.ALERTS_CONFIRM_MAX_AGE),
            },
            store=store,
        )


def manage_link_email_send(email: str, *, store: str) -> None:
    """The link to an address's alerts, in the language of the store it was asked from."""
    with translation.override(store_language(store)):
        _send(
            to=email,
            subject=_("Your price alerts"),
            template="manage_link",
            context={
                "manage_link": manage_link(email),
                "valid_for": _valid_for(settings.ALERTS_MANAGE_MAX_AGE),
            },
            store=store,
        )


def price_alert_email_send(
    subscription: Subscription, change: PriceChange, *, connection: BaseEmailBackend
) -> None:
    unsubscribe = unsubscribe_link(subscription)
    store = subscription.product.marketplace
    with translation.override(store_language(store)):
        title = _subject_title(subscription)
        subject = (
            _("Target price reached: %(title)s")
            if subscription.kind == Subscription.TARGET
            else _("Price drop: %(title)s")
        ) % {"title": title}
        _send(
            to=subscription.email,
            subject=subject,
            template="price_alert",
            context={
                "subscription": subscription,
                "product": subscription.product,
                "change": change,
                "product_link": product_page_link(subscription.product),
                "unsubscribe_link": unsubscribe,
                "manage_link": manage_link(subscription.email),
            },
            store=store,
            unsubscribe=unsubscribe,
            connection=connection,
        )

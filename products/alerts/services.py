"""Writes to alert subscriptions: subscribe, confirm, cancel, and the emails they send."""

from __future__ import annotations

import logging
from decimal import Decimal
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from products.alerts.emails import confirmation_email_send, manage_link_email_send
from products.alerts.limits import address_email_allowed
from products.alerts.models import Subscription
from products.alerts.selectors import subscriptions_live, unconfirmed_cutoff
from products.models import Product

logger = logging.getLogger(__name__)

# What a mail server that refuses, drops or never answers raises through Django's backends.
SEND_ERRORS = (SMTPException, OSError)


class EmailNotSent(Exception):
    """The mail server did not take the email; nothing was kept."""


def _email_limit_error() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "Too many emails have been sent to this address in the last hour. "
                "Please try again later."
            )
        }
    )


def subscriptions_unconfirmed_purge() -> int:
    """Delete alerts never confirmed before their link expired: an address that did not opt
    in is not kept."""
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=unconfirmed_cutoff()
    ).delete()
    return deleted


def subscription_request(
    *, email: str, product: Product, kind: str, target_amount: Decimal | None
) -> Subscription:
    """Record an unconfirmed alert and email its confirmation link.

    Raises ValidationError on the field whose limit is reached, or EmailNotSent (and keeps
    nothing) when the mail server fails.
    """
    subscriptions_unconfirmed_purge()
    live = subscriptions_live()
    # Counted in products and addresses, so subscribing again to change an alert is allowed.
    # Concurrent requests may overshoot by a few; the hourly email limit bounds them.
    other_products = live.filter(email=email).exclude(product=product)
    if other_products.values("product").distinct().count() >= settings.ALERTS_MAX_PER_ADDRESS:
        raise ValidationError(
            {
                "email": _(
                    "This address already has %(count)d price alerts, the most allowed. "
                    "Cancel some from the link in any alert email first."
                )
                % {"count": settings.ALERTS_MAX_PER_ADDRESS}
            }
        )
    other_addresses = live.filter(product=product).exclude(email=email)
    if other_addresses.values("email").distinct().count() >= settings.ALERTS_MAX_PER_PRODUCT:
        raise ValidationError(
            {"product": _("This product has as many price alerts as it can take.")}
        )
    if not address_email_allowed(email):
        raise _email_limit_error()
    subscription = Subscription.objects.create(
        email=email,
        product=product,
        kind=kind,
        target_amount=target_amount if kind == Subscription.TARGET else None,
        currency=product.price_currency,
    )
    try:
        confirmation_email_send(subscription)
    except SEND_ERRORS as exc:
        subscription.delete()
        logger.error("alert confirmation email failed", exc_info=exc)
        raise EmailNotSent from exc
    return subscription


def subscription_confirm(token: str) -> Subscription | None:
    """Confirm the alert with this token (None if it is gone); it replaces any other alert
    of the same address on the same product."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("product")
            .filter(token=token)
            .first()
        )
        if subscription is None or subscription.confirmed_at is not None:
            return subscription
        Subscription.objects.filter(
            email=subscription.email, product_id=subscription.product_id
        ).exclude(pk=subscription.pk).delete()
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(token: str) -> Subscription | None:
    """Delete the alert with this token; the deleted alert, or None if there was none."""
    subscription = Subscription.objects.select_related("product").filter(token=token).first()
    if subscription is not None:
        subscription.delete()
    return subscription


def subscriptions_cancel_for_address(*, key: str, ids: list[int] | None) -> int:
    """Delete some (or, with ids None, all) of one address's alerts (by its address_key);
    how many were deleted."""
    mine = Subscription.objects.filter(address_key=key)
    if ids is not None:
        mine = mine.filter(pk__in=ids)
    deleted, _ = mine.delete()
    return deleted


def manage_link_request(email: str, *, store: str) -> None:
    """Email the address a link to its alerts, if it has any. The answer is the same either
    way, so the form does not tell strangers which addresses have alerts."""
    if not address_email_allowed(email):
        raise _email_limit_error()
    if not Subscription.objects.filter(email=email).exists():
        return
    try:
        manage_link_email_send(email, store=store)
    except SEND_ERRORS as exc:
        logger.error("alert manage-link email failed", exc_info=exc)
        raise EmailNotSent from exc

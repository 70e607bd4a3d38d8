"""Sending price alerts after a refresh: each alert whose condition became true, once.

The current price is read from the product and the drop from its price history (a row per
change), so the outcome depends only on the data: a task run twice, late, or for several
refreshes at once sends the same emails, once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from products.alerts.emails import PriceChange, price_alert_email_send
from products.alerts.models import Subscription
from products.alerts.services import SEND_ERRORS
from products.models import PriceObservation, Product

logger = logging.getLogger(__name__)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: list[int] = field(default_factory=list)


def price_change_due(subscription: Subscription) -> PriceChange | None:
    """What to tell this alert's address now, or None when its condition is not newly true."""
    product = subscription.product
    if not product.published or not product.price_is_fresh or product.price_amount is None:
        return None
    latest = list(
        PriceObservation.objects.filter(product=product).order_by("-observed_at", "-id")[:2]
    )
    if not latest or latest[0].amount != product.price_amount:
        return None
    current = latest[0]
    previous = latest[1] if len(latest) > 1 else None
    old_amount = (
        previous.amount if previous is not None and previous.currency == current.currency else None
    )
    change = PriceChange(
        old_amount=old_amount,
        new_amount=product.price_amount,
        currency=product.price_currency,
        as_of=product.price_as_of or current.observed_at,
        observed_at=current.observed_at,
    )
    if subscription.kind == Subscription.ANY_DROP:
        # The drop must have happened since the alert was confirmed and since the last one
        # it was told of; a price unknown before (unavailable) is no drop.
        since = max(filter(None, [subscription.confirmed_at, subscription.notified_at]))
        dropped = old_amount is not None and change.new_amount < old_amount
        return change if dropped and current.observed_at > since else None
    if (
        subscription.target_amount is None
        or product.price_currency != subscription.currency
        or product.price_amount > subscription.target_amount
    ):
        return None
    if subscription.notified_at is None:
        return change
    # Once told, an address hears again only after the price went back above its target.
    went_above = PriceObservation.objects.filter(
        product=product,
        observed_at__gt=subscription.notified_at,
        currency=subscription.currency,
        amount__gt=subscription.target_amount,
    ).exists()
    return change if went_above else None


def _deliver(subscription_id: int, connection: BaseEmailBackend) -> bool:
    """Send one alert if due, marking it in the same transaction under a row lock, so a
    concurrent or redelivered task waits and then finds it already sent."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("product")
            .filter(pk=subscription_id, confirmed_at__isnull=False)
            .first()
        )
        if subscription is None:
            return False
        change = price_change_due(subscription)
        if change is None:
            return False
        subscription.notified_at = change.observed_at
        subscription.notified_amount = change.new_amount
        subscription.save(update_fields=["notified_at", "notified_amount"])
        # Sent inside the transaction: if the mail server fails, the mark is rolled back
        # and the retry sends it.
        price_alert_email_send(subscription, change, connection=connection)
    return True


def price_alerts_send(product_ids: Iterable[int]) -> DeliveryResult:
    """Send the confirmed alerts on these products whose condition became true."""
    result = DeliveryResult()
    fresh = [
        product.pk
        for product in Product.objects.filter(pk__in=list(product_ids), published=True).only(
            "pk", "price_amount", "price_as_of"
        )
        if product.price_is_fresh and product.price_amount is not None
    ]
    candidates = list(
        Subscription.objects.filter(product_id__in=fresh, confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not candidates:
        return result
    # One connection for the batch: a new SMTP session per email costs a TLS handshake each.
    connection = get_connection()
    try:
        connection.open()
    except SEND_ERRORS as exc:
        logger.error("price alerts not sent: mail server unavailable", exc_info=exc)
        result.failed.extend(candidates)
        return result
    try:
        for subscription_id in candidates:
            try:
                if _deliver(subscription_id, connection):
                    result.sent += 1
            except SEND_ERRORS as exc:
                logger.error(
                    "price alert email failed",
                    exc_info=exc,
                    extra={"subscription": subscription_id},
                )
                result.failed.append(subscription_id)
    finally:
        connection.close()
    return result

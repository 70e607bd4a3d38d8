"""A visitor's price alert on one product, confirmed by a link emailed to the address."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import models
from django.db.models import Q

from products.models import Product


def new_token() -> str:
    return secrets.token_urlsafe(32)


def address_key(email: str) -> str:
    """The address as links and cache keys carry it: URLs end up in access logs, and
    addresses should not."""
    return hashlib.sha256(email.encode()).hexdigest()


class Subscription(models.Model):
    """An alert for `email` on `product`: on any price drop, or once the price reaches a target.

    `notified_at` is the time of the price observation last emailed about: a drop is sent
    once, and a target alert waits for the price to go back above its target before it can
    be sent again.
    """

    ANY_DROP = "any_drop"
    TARGET = "target"
    KIND_CHOICES = [(ANY_DROP, "Any price drop"), (TARGET, "Price at or below a target")]

    email = models.EmailField(max_length=254)
    address_key = models.CharField(max_length=64, editable=False, db_index=True)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    target_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # The product's currency when subscribing; the target is in it, and an alert never
    # compares prices across currencies.
    currency = models.CharField(max_length=3, blank=True)
    # The secret in the alert's unsubscribe link; the confirmation link signs it.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="target", target_amount__gt=0)
                | Q(kind="any_drop", target_amount__isnull=True),
                name="alert_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["email", "product"],
                condition=Q(confirmed_at__isnull=False),
                name="alert_one_confirmed_per_address_product",
            ),
        ]
        indexes = [
            models.Index(fields=["product", "confirmed_at"], name="alert_product_confirmed"),
            models.Index(fields=["email", "created_at"], name="alert_email_created"),
            models.Index(
                fields=["created_at"],
                condition=Q(confirmed_at__isnull=True),
                name="alert_pending_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} on {self.product_id} ({self.kind})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.address_key = address_key(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

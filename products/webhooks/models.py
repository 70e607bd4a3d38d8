"""Where catalogue events are sent (Webhook) and what each sending did (Delivery)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from products.events import EVENT_CHOICES
from products.marketplaces import MARKETPLACE_CHOICES
from products.webhooks.addresses import validate_webhook_url
from products.webhooks.signing import webhook_secret_new

# Sent only by the admin's "send test event", whatever events a webhook takes.
TEST_EVENT = "webhook_test"
DELIVERY_EVENT_CHOICES = [*EVENT_CHOICES, (TEST_EVENT, "Test event")]

# What staff set on a webhook, in the order the admin shows it.
WEBHOOK_FIELDS = ("name", "url", "events", "marketplace", "active")


class Webhook(models.Model):
    """A URL that receives the chosen catalogue events as signed JSON POSTs."""

    name = models.CharField(max_length=200)
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="https://, without a user name or password; events are POSTed here as JSON.",
    )
    events = models.JSONField(default=list, help_text="The events this URL receives.")
    marketplace = models.CharField(
        max_length=2,
        choices=MARKETPLACE_CHOICES,
        blank=True,
        help_text="Only product events from this store; empty for every store.",
    )
    secret = models.CharField(
        max_length=64,
        default=webhook_secret_new,
        editable=False,
        help_text="Signs every delivery (X-Webhook-Signature); the receiver keeps a copy.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = {kind for kind, _ in EVENT_CHOICES}
        if not isinstance(self.events, list) or not self.events:
            raise ValidationError({"events": "Choose at least one event."})
        unknown = [kind for kind in self.events if kind not in known]
        if unknown:
            raise ValidationError({"events": f"Unknown events: {', '.join(map(str, unknown))}."})

    def takes(self, kind: str, marketplace: str) -> bool:
        """Whether an event of this kind, from this store ("" for none), goes to this URL."""
        if kind not in self.events:
            return False
        return not (self.marketplace and marketplace and marketplace != self.marketplace)


class Delivery(models.Model):
    """One event for one webhook: every attempt's outcome, shown to staff."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=DELIVERY_EVENT_CHOICES)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(
        "response code", null=True, blank=True, help_text="The last answer's HTTP status."
    )
    response_body = models.TextField("response excerpt", blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField("duration (ms)", null=True, blank=True)
    # When the sweep may send it (again); while an attempt runs, when that attempt's lease ends.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} to {self.webhook} ({self.get_status_display()})"

    def body(self) -> dict[str, Any]:
        """What is POSTed: the same on every attempt, so a receiver can drop repeats by id."""
        return {
            "id": str(self.uuid),
            "event": self.event,
            "created_at": self.created_at.isoformat(),
            "data": self.payload,
        }

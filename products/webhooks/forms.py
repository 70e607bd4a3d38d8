"""The staff form for a webhook: every field checked on its own, each with its own error."""

from __future__ import annotations

from django import forms

from products.events import EVENT_CHOICES
from products.webhooks.models import WEBHOOK_FIELDS, Webhook


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )

    class Meta:
        model = Webhook
        fields = WEBHOOK_FIELDS

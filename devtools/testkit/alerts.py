"""The visitor's path through price alerts, driven through the real views and the test outbox."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from products.models import Product

SUBSCRIBE = reverse("alerts:subscribe")


def link_in(message: Any, name: str) -> str:
    """The path of this site's `name` link (confirm, manage, unsubscribe) in an email."""
    pattern = re.escape(settings.SITE_URL) + rf"(/alerts/{name}/[^/\s\"<>]+/)"
    found = re.search(pattern, message.body)
    assert found, f"no {name} link in:\n{message.body}"
    return found.group(1)


def subscribe(
    client: Client, product: Product, email: str, *, target: str = "", **extra: str
) -> Any:
    data = {
        "product": str(product.pk),
        "email": email,
        "kind": "target" if target else "any_drop",
        "target": target,
        **extra,
    }
    return client.post(SUBSCRIBE, data)


def subscribe_and_confirm(
    client: Client, product: Product, email: str, *, target: str = ""
) -> None:
    sent_before = len(mail.outbox)
    response = subscribe(client, product, email, target=target)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == sent_before + 1
    confirm = link_in(mail.outbox[-1], "confirm")
    assert client.post(confirm).status_code == 200

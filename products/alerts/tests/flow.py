"""The visitor's path through alerts, driven through the real views and the test outbox."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from products.models import Product
from products.records import Availability
from products.services import product_upsert
from products.tests.factories import ProductRecordFactory

SUBSCRIBE = reverse("alerts:subscribe")


def product_at(price: str, *, asin: str = "B0ALERT001", at: datetime | None = None) -> Product:
    """Write the product through the real upsert, at this price, fetched now (or `at`)."""
    record = replace(
        ProductRecordFactory.build(asin=asin, title=f"Sandbox kettle {asin}"),
        fetched_at=at or timezone.now(),
        price_amount=Decimal(price),
        price_display=f"${price}",
        savings_percent=None,
        savings_basis_amount=None,
        availability=Availability.IN_STOCK,
    )
    product_upsert([record])
    return Product.objects.get(marketplace="US", asin=asin)


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

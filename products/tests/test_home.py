"""The home page lists published products within Amazon's display rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_home_shows_published_products_with_fresh_prices(client: Client) -> None:
    ProductFactory.create(title="Fresh lamp", price_display="$10.00", price_as_of=timezone.now())
    ProductFactory.create(title="Hidden lamp", published=False)

    page = client.get("/")

    assert page.status_code == 200
    assert b"Fresh lamp" in page.content
    assert b"$10.00" in page.content
    assert b"Hidden lamp" not in page.content
    assert b"As an Amazon Associate I earn from qualifying purchases" in page.content


def test_a_stale_price_is_never_shown(client: Client) -> None:
    ProductFactory.create(
        title="Old lamp",
        price_display="$99.00",
        price_as_of=timezone.now() - timedelta(hours=24, minutes=1),
    )

    page = client.get("/")

    assert b"Old lamp" in page.content
    assert b"$99.00" not in page.content
    assert b"See price on Amazon" in page.content


def test_a_title_is_escaped(client: Client) -> None:
    ProductFactory.create(title="<script>alert(1)</script>")

    page = client.get("/")

    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;" in page.content

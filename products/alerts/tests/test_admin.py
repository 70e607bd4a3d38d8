"""Staff see alerts in the admin, filtered, with tokens they cannot edit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from devtools.testkit.catalogue import product_at
from products.alerts.models import Subscription

pytestmark = pytest.mark.django_db


def test_the_admin_lists_filters_and_shows_tokens_read_only(client: Client) -> None:
    product = product_at("24.99")
    pending = Subscription.objects.create(
        email="hana@example.com", product=product, kind="any_drop", currency="USD"
    )
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw"))

    listing = client.get(
        reverse("admin:alerts_subscription_changelist"), {"confirmed_at__isempty": "1"}
    )
    change = client.get(reverse("admin:alerts_subscription_change", args=[pending.pk]))

    assert listing.status_code == 200
    assert "hana@example.com" in listing.content.decode()
    assert pending.token in change.content.decode()
    assert 'name="token"' not in change.content.decode()

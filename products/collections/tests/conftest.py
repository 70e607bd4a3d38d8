"""Collections over the stock catalogue (kettles and lamps with fresh prices)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from devtools.testkit.catalogue import stock_catalogue
from products.models import Product


@pytest.fixture
def stock(db: None) -> dict[str, Product]:
    return stock_catalogue()


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client

"""Clients, users and catalogue rows for the API tests (real PostgreSQL and Redis)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from products.models import Category, Product
from products.tests.factories import ProductFactory


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def staff(db: None) -> User:
    user = User.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=STAFF_PERMISSIONS))
    return user


STAFF_PERMISSIONS = (
    "add_product",
    "view_ingestionrun",
    "view_watchlist",
    "add_watchlist",
    "change_watchlist",
    "delete_watchlist",
)


@pytest.fixture
def staff_api(staff: User) -> APIClient:
    """A program signed in as staff with a token, as a script would be."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    return client


@pytest.fixture
def member_api(db: None) -> APIClient:
    """Signed in, but not staff."""
    client = APIClient()
    client.force_login(User.objects.create_user("member", "m@example.com", "pw"))
    return client


def fresh(**fields: Any) -> Product:
    """A product whose price was confirmed a minute ago."""
    fields.setdefault("price_as_of", timezone.now() - timedelta(minutes=1))
    return ProductFactory.create(**fields)


def stale(**fields: Any) -> Product:
    """A product whose price is older than 24 hours, so it must never be shown."""
    fields.setdefault("price_as_of", timezone.now() - timedelta(hours=25))
    return ProductFactory.create(**fields)


def node(marketplace: str, path: str, name: str = "") -> Category:
    node_id = path.rsplit("/", 1)[-1]
    parent = None
    if "/" in path:
        parent = Category.objects.get(marketplace=marketplace, path=path.rsplit("/", 1)[0])
    return Category.objects.create(
        marketplace=marketplace,
        node_id=node_id,
        name=name or f"Node {node_id}",
        parent=parent,
        path=path,
        depth=path.count("/"),
    )


def price(amount: str) -> Decimal:
    return Decimal(amount)


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)

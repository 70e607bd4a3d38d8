"""Collections over the stock catalogue (kettles and lamps with fresh prices)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from products.collections.models import Collection, CollectionItem
from products.models import Product
from products.tests.pages import stock_catalogue


@pytest.fixture
def stock(db: None) -> dict[str, Product]:
    return stock_catalogue()


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client


def rule(**fields: Any) -> Collection:
    fields.setdefault("title", "Rule collection")
    fields.setdefault("slug", "rule-collection")
    fields.setdefault("marketplace", "US")
    fields.setdefault("published", True)
    collection = Collection(kind=Collection.RULE, **fields)
    collection.full_clean()
    collection.save()
    return collection


def manual(products: list[Product], **fields: Any) -> Collection:
    """A hand-picked collection of `products`, in the order given."""
    fields.setdefault("title", "Hand-picked")
    fields.setdefault("slug", "hand-picked")
    fields.setdefault("marketplace", "US")
    fields.setdefault("published", True)
    collection = Collection.objects.create(kind=Collection.MANUAL, **fields)
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, product=product, position=(index + 1) * 10)
        for index, product in enumerate(products)
    )
    return collection

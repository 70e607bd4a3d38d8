"""Purges to the self-hosted edge: sent when what a page shows changes, and only then."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.loopback import free_port
from devtools.testkit.catalogue import ProductRecordFactory, stock_catalogue
from devtools.testkit.receiver import Receiver, serve_receiver
from products.models import Product
from products.services import product_upsert
from products.services.curation import products_unpublish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def edge(settings: Settings) -> Iterator[Receiver]:
    receiver = Receiver(port=free_port())
    settings.EDGE_PURGE_URL = receiver.url
    yield from serve_receiver(receiver)


def purged(edge: Receiver) -> list[set[str]]:
    return [set(r.headers["Surrogate-Key"].split()) for r in edge.requests]


def refreshed(product: Product, price: str) -> None:
    record = ProductRecordFactory.build(
        asin=product.asin,
        title=product.title,
        price=price,
        fetched_at=timezone.now() + timedelta(seconds=1),
        categories=(),
    )
    product_upsert([replace(record, features=tuple(product.features))])


def test_a_changed_price_purges_the_pages_showing_that_product(edge: Receiver) -> None:
    product = stock_catalogue()["B0KETTLE01"]
    edge.requests.clear()

    refreshed(product, "17.49")

    assert purged(edge) == [{"product-US-B0KETTLE01"}]


def test_a_price_confirmed_unchanged_purges_nothing(edge: Receiver) -> None:
    product = stock_catalogue()["B0KETTLE01"]
    refreshed(product, "17.49")
    edge.requests.clear()

    refreshed(Product.objects.get(pk=product.pk), "17.49")

    assert edge.requests == []


def test_a_curation_change_purges_every_page_of_its_store(edge: Receiver) -> None:
    product = stock_catalogue()["B0KETTLE01"]
    edge.requests.clear()

    products_unpublish([product.pk])

    assert purged(edge) == [{"store-US"}]


def test_an_unreachable_edge_never_fails_the_write(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    product = stock_catalogue()["B0KETTLE01"]
    settings.EDGE_PURGE_URL = f"http://127.0.0.1:{free_port()}/"

    with caplog.at_level(logging.WARNING, logger="products.edge_purge"):
        refreshed(product, "17.49")

    assert Product.objects.get(pk=product.pk).price_amount == Decimal("17.49")
    assert "edge purge failed" in caplog.text

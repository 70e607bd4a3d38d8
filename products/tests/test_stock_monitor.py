"""The stock monitor: which products count as gone, the admin filter, and the daily task."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from devtools.testkit.catalogue import ProductFactory, ProductRecordFactory
from products.cache_versions import catalogue_version, product_version
from products.events import UNPUBLISHED, CatalogueEvent
from products.models import Product
from products.records import Availability
from products.services import product_upsert, products_mark_unavailable
from products.stock_monitor import (
    products_not_returned,
    products_to_unpublish,
    products_unavailable_longer_than,
)
from products.tasks import products_unpublish_unavailable

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAYS = 30
IN, OUT, GONE = Availability.IN_STOCK, Availability.OUT_OF_STOCK, Availability.UNAVAILABLE


def history(asin: str, *changes: tuple[timedelta, str]) -> Product:
    """A product fetched at each (age, availability), oldest first, through the real upsert."""
    for age, availability in changes:
        gone = availability != IN
        product_upsert(
            [
                replace(
                    ProductRecordFactory.build(asin=asin),
                    fetched_at=NOW - age,
                    availability=availability,
                    price_amount=None if gone else Decimal("24.99"),
                    price_display="" if gone else "$24.99",
                )
            ]
        )
    return Product.objects.get(asin=asin)


def long_gone(now: datetime = NOW) -> set[str]:
    found = products_unavailable_longer_than(Product.objects.all(), days=DAYS, now=now)
    return set(found.values_list("asin", flat=True))


def test_only_a_continuous_stretch_longer_than_the_limit_counts() -> None:
    just_over = timedelta(days=DAYS, minutes=1)
    just_under = timedelta(days=DAYS) - timedelta(minutes=1)
    history("B0OVERLIMI", (timedelta(days=90), IN), (just_over, OUT))
    history("B0UNDERLIM", (timedelta(days=90), IN), (just_under, OUT))
    history("B0INSTOCK1", (timedelta(days=90), IN))
    # Gone long ago, back in stock, gone again recently: the clock restarts.
    history(
        "B0CAMEBACK",
        (timedelta(days=90), OUT),
        (timedelta(days=20), IN),
        (timedelta(days=5), OUT),
    )
    # Out of stock, then unavailable: one stretch of being gone, from the first.
    history("B0OUTTHENU", (timedelta(days=90), IN), (timedelta(days=40), OUT), (just_under, GONE))
    # Never seen available at all.
    history("B0NEVERSOL", (timedelta(days=45), GONE))

    assert long_gone() == {"B0OVERLIMI", "B0OUTTHENU", "B0NEVERSOL"}
    # The same data a few minutes later: the one just under the limit has crossed it.
    assert "B0UNDERLIM" in long_gone(NOW + timedelta(minutes=2))
    since = (
        products_unavailable_longer_than(Product.objects.all(), days=DAYS, now=NOW)
        .get(asin="B0OUTTHENU")
        .unavailable_since  # type: ignore[attr-defined]
    )
    assert since == NOW - timedelta(days=40)


def test_a_product_without_history_counts_from_when_it_was_added() -> None:
    product = ProductFactory.create(availability=OUT)
    Product.objects.filter(pk=product.pk).update(created_at=NOW - timedelta(days=DAYS + 1))
    ProductFactory.create(availability=OUT)

    assert long_gone() == {product.asin}


def test_products_amazon_stopped_returning_are_listed_until_it_returns_them() -> None:
    returned = history("B0RETURNED", (timedelta(days=3), IN))
    listed_unavailable = history("B0LISTEDUN", (timedelta(days=3), GONE))
    products_mark_unavailable(marketplace="US", asins=[returned.asin], at=NOW - timedelta(days=1))

    assert set(products_not_returned(Product.objects.all()).values_list("asin", flat=True)) == {
        "B0RETURNED"
    }
    history("B0RETURNED", (timedelta(hours=1), IN))
    assert not products_not_returned(Product.objects.all()).exists()
    assert listed_unavailable.availability == GONE


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client


def test_the_admin_lists_them_and_unpublishes_them_in_bulk(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    history("B0OVERLIMI", (timedelta(days=90), IN), (timedelta(days=DAYS + 1), OUT))
    history("B0RECENTLY", (timedelta(days=90), IN), (timedelta(days=2), OUT))
    history("B0NOTRETUR", (timedelta(days=5), IN))
    products_mark_unavailable(marketplace="US", asins=["B0NOTRETUR"], at=NOW)
    url = reverse("admin:products_product_changelist")

    gone = staff.get(url, {"stock": "gone"})
    not_returned = staff.get(url, {"stock": "not_returned"})

    assert f"Unavailable for more than {DAYS} days" in gone.content.decode()
    assert [p.asin for p in gone.context["cl"].result_list] == ["B0OVERLIMI"]
    assert [p.asin for p in not_returned.context["cl"].result_list] == ["B0NOTRETUR"]

    before = catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            url + "?stock=gone",
            {
                "action": "unpublish",
                "select_across": "1",
                "index": "0",
                ACTION_CHECKBOX_NAME: ["x"],
            },
        )
    published = dict(Product.objects.values_list("asin", "published"))
    assert published == {"B0OVERLIMI": False, "B0RECENTLY": True, "B0NOTRETUR": True}
    assert catalogue_version() != before


@pytest.fixture
def gone_products() -> None:
    history("B0OVERLIMI", (timedelta(days=90), IN), (timedelta(days=DAYS + 1), OUT))
    history("B0RECENTLY", (timedelta(days=90), IN), (timedelta(days=2), OUT))
    history("B0NOTRETUR", (timedelta(days=5), IN))
    products_mark_unavailable(marketplace="US", asins=["B0NOTRETUR"], at=NOW)
    history("B0HIDDENAL", (timedelta(days=90), OUT))
    Product.objects.filter(asin="B0HIDDENAL").update(published=False)


def test_the_task_does_nothing_while_automatic_unpublishing_is_off(
    gone_products: None,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.STOCK_MONITOR_AUTO_UNPUBLISH = False
    before = catalogue_version()

    with (
        caplog.at_level(logging.INFO, logger="products.tasks"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        assert products_unpublish_unavailable.apply().get() == 0

    assert set(Product.objects.filter(published=False).values_list("asin", flat=True)) == {
        "B0HIDDENAL"
    }
    assert catalogue_version() == before
    assert not callbacks
    assert "automatic unpublishing is off; 2 product(s) would be unpublished" in caplog.text


def test_the_task_unpublishes_them_logs_which_and_refreshes_the_pages(
    gone_products: None,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    announced: list[CatalogueEvent],
) -> None:
    settings.STOCK_MONITOR_AUTO_UNPUBLISH = True
    settings.STOCK_MONITOR_DAYS = DAYS
    before = (catalogue_version(), product_version("US", "B0OVERLIMI"))

    with (
        caplog.at_level(logging.INFO, logger="products.stock_monitor"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert products_unpublish_unavailable.apply().get() == 2

    hidden = set(Product.objects.filter(published=False).values_list("asin", flat=True))
    assert hidden == {"B0OVERLIMI", "B0NOTRETUR", "B0HIDDENAL"}
    assert catalogue_version() != before[0]
    assert product_version("US", "B0OVERLIMI") != before[1]
    assert sorted((e.kind, e.asin) for e in announced) == [
        (UNPUBLISHED, "B0NOTRETUR"),
        (UNPUBLISHED, "B0OVERLIMI"),
    ]
    assert "unpublished 2 product(s)" in caplog.text
    assert "US:B0NOTRETUR, US:B0OVERLIMI" in caplog.text
    # A second run finds nothing left to do.
    assert products_unpublish_unavailable.apply().get() == 0
    assert not products_to_unpublish(days=DAYS, now=timezone.now()).exists()

"""Writes invalidate exactly what they changed, through versioned keys in the real cache."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from devtools.testkit.catalogue import FETCHED_AT, ProductFactory, ProductRecordFactory
from products.cache_versions import (
    catalogue_changed,
    catalogue_version,
    product_version,
    versioned_get,
    versioned_set,
)
from products.freshness import cache_seconds
from products.services import product_upsert, products_mark_unavailable

pytestmark = pytest.mark.django_db


def test_a_changed_product_misses_its_entry_and_every_list_entry() -> None:
    record = ProductRecordFactory.build()
    other = ProductRecordFactory.build()
    product_upsert([record, other])
    # A list follows the catalogue's version; a product record only its product's.
    entries: dict[str, dict[str, Any]] = {
        "search:kettle": {},
        record.asin: {"product": ("US", record.asin), "catalogue": False},
        other.asin: {"product": ("US", other.asin), "catalogue": False},
    }
    for key, scope in entries.items():
        version, _ = versioned_get(key, **scope)
        versioned_set(key, version, f"cached {key}", 60)

    product_upsert(
        [replace(record, fetched_at=FETCHED_AT + timedelta(hours=1), price_amount=Decimal(1))]
    )

    found = {key: versioned_get(key, **scope)[1] for key, scope in entries.items()}
    assert found["search:kettle"] is None
    assert found[record.asin] is None
    assert found[other.asin] == f"cached {other.asin}"


def test_a_reconfirmed_price_moves_only_that_product() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    lists, product = catalogue_version(), product_version("US", record.asin)

    product_upsert([replace(record, fetched_at=FETCHED_AT + timedelta(hours=1))])

    assert catalogue_version() == lists
    assert product_version("US", record.asin) != product


def test_nothing_moves_when_nothing_changed() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    lists, product = catalogue_version(), product_version("US", record.asin)

    product_upsert([record])

    assert (catalogue_version(), product_version("US", record.asin)) == (lists, product)


def test_marking_unavailable_moves_the_keys() -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    lists = catalogue_version()

    products_mark_unavailable(marketplace="US", asins=[record.asin], at=timezone.now())

    assert catalogue_version() != lists


def test_curation_in_the_admin_moves_the_keys_once_it_commits(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client.force_login(User.objects.create_superuser("c", "c@example.com", "pw"))
    product = ProductFactory.create()
    lists, version = catalogue_version(), product_version("US", product.asin)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("admin:products_product_changelist"),
            {"action": "unpublish", "_selected_action": [product.pk]},
        )
    assert (catalogue_version(), product_version("US", product.asin)) == (lists, version)
    for callback in callbacks:
        callback()

    assert catalogue_version() != lists
    assert product_version("US", product.asin) != version


def test_an_expired_version_never_meets_an_old_entry_again() -> None:
    product_upsert([ProductRecordFactory.build()])
    first = catalogue_version()
    cache.delete("catalogue:version")
    assert catalogue_version() == "0"

    catalogue_changed()

    assert catalogue_version() not in ("0", first)


def test_a_cached_price_never_outlives_its_24_hours() -> None:
    now = timezone.now()

    assert cache_seconds(3600, [now]) == 3600
    assert 590 <= cache_seconds(3600, [now - timedelta(hours=23, minutes=50)]) <= 600
    assert cache_seconds(3600, [None, now - timedelta(hours=30)]) == 3600
    assert cache_seconds(300, []) == 300

"""Shared caching of public answers: versioned keys, the 24-hour bound, and conditional GET."""

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
from django.utils.http import http_date
from pytest_django.fixtures import Settings
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from devtools.testkit.catalogue import ProductRecordFactory, fresh
from products.records import ProductRecord
from products.services import product_upsert

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def record() -> ProductRecord:
    record = ProductRecordFactory.build(fetched_at=timezone.now() - timedelta(minutes=5))
    product_upsert([record])
    return record


def url_of(record: ProductRecord) -> str:
    return f"/api/v1/products/{record.marketplace}/{record.asin}/"


def test_a_repeated_public_request_reads_nothing_from_the_database(
    api: APIClient, record: ProductRecord, django_assert_num_queries: Any
) -> None:
    first = api.get(LIST).json()
    api.get(url_of(record))

    with django_assert_num_queries(0):
        assert api.get(LIST).json() == first
        assert api.get(url_of(record)).status_code == 200


def test_a_refreshed_price_is_what_the_next_client_sees(
    api: APIClient, record: ProductRecord
) -> None:
    api.get(LIST)
    api.get(url_of(record))

    product_upsert([replace(record, fetched_at=timezone.now(), price_amount=Decimal("9.99"))])

    assert api.get(LIST).json()["results"][0]["price"]["amount"] == "9.99"
    assert api.get(url_of(record)).json()["price"]["amount"] == "9.99"


def test_unpublishing_in_the_admin_hides_the_product_at_once(
    api: APIClient, record: ProductRecord, django_capture_on_commit_callbacks: Any
) -> None:
    from products.models import Product

    assert api.get(url_of(record)).status_code == 200
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", "b@example.com", "pw"))
    product = Product.objects.get(asin=record.asin)

    # The admin's write moves the versions once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:products_product_changelist"),
            {"action": "unpublish", "_selected_action": [product.pk]},
        )

    assert api.get(url_of(record)).status_code == 404
    assert api.get(LIST).json()["results"] == []


def test_staff_answers_are_never_cached(
    staff_api: APIClient, django_assert_max_num_queries: Any
) -> None:
    hidden = fresh(published=False)
    staff_api.get(LIST)

    with django_assert_max_num_queries(10) as queries:
        assert hidden.asin in [r["asin"] for r in staff_api.get(LIST).json()["results"]]

    assert len(queries) > 0
    assert not cache.keys("api:*")  # type: ignore[attr-defined]


def directives(response: Any) -> dict[str, str]:
    parts = (part.strip().partition("=") for part in response["Cache-Control"].split(","))
    return {name: value for name, _, value in parts}


def test_public_answers_tell_shared_caches_how_long_and_what_they_show(
    api: APIClient, record: ProductRecord, settings: Settings
) -> None:
    settings.CACHE_SEARCH_TTL = 300
    for state in ("miss", "hit"):
        listing = api.get(LIST)
        one = api.get(url_of(record))

        assert "public" in directives(listing) and 0 < int(directives(listing)["s-maxage"]) <= 300
        assert "public" in directives(one), state
        assert f"product-US-{record.asin}" in listing["Surrogate-Key"].split()
        assert one["Surrogate-Key"].split() == [f"product-US-{record.asin}"]
        assert "Cookie" not in one.get("Vary", "")


def test_staff_answers_are_private_for_shared_caches(
    staff_api: APIClient, record: ProductRecord
) -> None:
    answer = staff_api.get(url_of(record))

    assert "private" in directives(answer) and "public" not in directives(answer)
    assert "Surrogate-Key" not in answer


def test_a_cached_price_never_outlives_its_24_hours(api: APIClient, settings: Settings) -> None:
    settings.CACHE_SEARCH_TTL = 300
    settings.CACHE_PRODUCT_TTL = 3600
    product = fresh(price_as_of=timezone.now() - timedelta(hours=23, minutes=59))

    api.get(LIST)
    api.get(f"/api/v1/products/US/{product.asin}/")

    ttls = [cache.ttl(key) for key in cache.keys("api:*")]  # type: ignore[attr-defined]
    assert len(ttls) == 2
    assert all(0 < ttl <= 60 for ttl in ttls)
    # Nor at a cache in front: s-maxage and the stale windows end with the price's 24 hours.
    shared = directives(api.get(f"/api/v1/products/US/{product.asin}/"))
    assert int(shared["s-maxage"]) + int(shared.get("stale-if-error", 0)) <= 60


def test_detail_answers_304_to_a_current_etag_or_date(
    api: APIClient, record: ProductRecord
) -> None:
    first = api.get(url_of(record))
    etag, modified = first["ETag"], first["Last-Modified"]

    assert api.get(url_of(record), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(url_of(record), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert api.get(url_of(record), HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert api.get(url_of(record), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_changes_the_etag(api: APIClient, record: ProductRecord) -> None:
    etag = api.get(url_of(record))["ETag"]

    product_upsert([replace(record, fetched_at=timezone.now(), price_amount=Decimal("1.00"))])
    response = api.get(url_of(record), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_price_turning_stale_counts_as_a_modification(api: APIClient) -> None:
    priced_at = timezone.now() - timedelta(hours=30)
    product = fresh(price_as_of=priced_at)
    stale_since = priced_at + timedelta(hours=24)

    response = api.get(f"/api/v1/products/US/{product.asin}/")

    assert response["Last-Modified"] == http_date(max(stale_since, product.updated_at).timestamp())


def test_a_cached_list_is_the_same_json_and_still_browsable(
    api: APIClient, record: ProductRecord
) -> None:
    first = api.get(LIST, HTTP_ACCEPT="application/json")
    again = api.get(LIST, HTTP_ACCEPT="application/json")
    indented = api.get(LIST, HTTP_ACCEPT="application/json; indent=2")
    browsable = Client().get(LIST, HTTP_ACCEPT="text/html")

    assert again.content == first.content
    assert again["Content-Type"] == "application/json"
    assert again.json()["results"][0]["asin"] == record.asin
    assert indented.content.startswith(b'{\n  "')
    assert indented.json() == first.json()
    assert browsable.status_code == 200
    assert record.asin in browsable.content.decode()


def test_a_cached_record_is_sent_as_stored_and_still_browsable_and_conditional(
    api: APIClient,
    record: ProductRecord,
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = api.get(url_of(record), HTTP_ACCEPT="application/json")

    with monkeypatch.context() as unrendered, django_assert_num_queries(0):
        unrendered.setattr(JSONRenderer, "render", _refuse)
        again = api.get(url_of(record), HTTP_ACCEPT="application/json")
        unchanged = api.get(url_of(record), HTTP_IF_NONE_MATCH=first["ETag"])
    browsable = Client().get(url_of(record), HTTP_ACCEPT="text/html")

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    assert unchanged.status_code == 304
    assert browsable.status_code == 200
    assert browsable["ETag"] == first["ETag"]
    assert record.asin in browsable.content.decode()


def _refuse(*args: Any, **kwargs: Any) -> bytes:
    raise AssertionError("a stored answer was rendered again")

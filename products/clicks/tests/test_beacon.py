"""The click beacon: what it counts, what it refuses, and that it stores nothing personal."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductFactory
from devtools.testkit.rate_limits import rate_limit_within_one_window
from products.clicks.models import DailyClicks
from products.clicks.views import MAX_BEACON_BYTES
from products.collections.models import Collection
from products.models import Product

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def product() -> Product:
    return ProductFactory.create(marketplace="US", asin="B0CLICK001")


@pytest.fixture
def beacon() -> Client:
    # As a browser sends it: no CSRF token, a cookie and a user agent it cannot leave out.
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
    client.cookies["sessionid"] = "visitor-cookie-value"
    return client


def send(client: Client, **fields: str) -> Any:
    # Form-encoded, as navigator.sendBeacon sends URLSearchParams.
    return client.post(reverse("clicks:beacon"), urlencode(fields), content_type=FORM)


def counts() -> list[tuple[str, str | None, object, int]]:
    return list(
        DailyClicks.objects.order_by("id").values_list(
            "product__asin", "collection__slug", "day", "count"
        )
    )


def test_a_click_is_counted_for_the_product_and_today(beacon: Client, product: Product) -> None:
    first = send(beacon, marketplace="US", asin="B0CLICK001")
    second = send(beacon, marketplace="us", asin="B0CLICK001")

    assert first.status_code == second.status_code == 204
    assert counts() == [("B0CLICK001", None, timezone.now().date(), 2)]


def test_a_click_from_a_collection_is_counted_apart(beacon: Client, product: Product) -> None:
    Collection.objects.create(title="Lamps", slug="lamps", marketplace="US", published=True)

    send(beacon, marketplace="US", asin="B0CLICK001", collection="lamps")
    send(beacon, marketplace="US", asin="B0CLICK001", collection="lamps")
    send(beacon, marketplace="US", asin="B0CLICK001")

    today = timezone.now().date()
    assert sorted(counts(), key=str) == sorted(
        [("B0CLICK001", "lamps", today, 2), ("B0CLICK001", None, today, 1)], key=str
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"marketplace": "US", "asin": "B0NOSUCH00"}, "asin", "No product B0NOSUCH00"),
        ({"marketplace": "UK", "asin": "B0CLICK001"}, "asin", "in the UK store"),
        ({"marketplace": "US", "asin": "b0click001"}, "asin", "exactly 10 characters"),
        ({"marketplace": "US", "asin": "B0CLICK0011"}, "asin", "no more than 10"),
        ({"marketplace": "XX", "asin": "B0CLICK001"}, "marketplace", "Unknown store"),
        ({"asin": "B0CLICK001"}, "marketplace", "required"),
        ({"marketplace": "US", "asin": "B0CLICK001", "collection": "nope"}, "collection", "No"),
    ],
)
def test_bad_beacons_are_refused_with_the_field_at_fault(
    beacon: Client, product: Product, fields: dict[str, str], field: str, message: str
) -> None:
    response = send(beacon, **fields)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {field}
    assert any(message in e["message"] for e in errors)
    assert counts() == []


def test_an_unpublished_product_or_collection_is_not_counted(
    beacon: Client, product: Product
) -> None:
    Collection.objects.create(title="Draft", slug="draft", marketplace="US", published=False)
    assert send(beacon, marketplace="US", asin="B0CLICK001", collection="draft").status_code == 400
    Product.objects.filter(pk=product.pk).update(published=False)
    assert send(beacon, marketplace="US", asin="B0CLICK001").status_code == 400
    assert counts() == []


def test_an_oversized_body_is_refused_unread(beacon: Client, product: Product) -> None:
    response = beacon.post(
        reverse("clicks:beacon"),
        f"marketplace=US&asin=B0CLICK001&padding={'x' * MAX_BEACON_BYTES}",
        content_type=FORM,
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert counts() == []


def test_other_methods_and_bodies_are_refused(beacon: Client, product: Product) -> None:
    url = reverse("clicks:beacon")
    assert beacon.get(url, {"marketplace": "US", "asin": "B0CLICK001"}).status_code == 405
    as_json = beacon.post(
        url, {"marketplace": "US", "asin": "B0CLICK001"}, content_type="application/json"
    )
    assert as_json.status_code == 415
    assert counts() == []


def test_self_declared_bots_are_answered_but_not_counted(product: Product) -> None:
    crawler = Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")

    assert send(crawler, marketplace="US", asin="B0CLICK001").status_code == 204
    assert counts() == []


def test_one_address_cannot_inflate_the_counts(
    beacon: Client, product: Product, settings: Settings
) -> None:
    rate_limit_within_one_window(settings, 3)

    answers = [send(beacon, marketplace="US", asin="B0CLICK001") for _ in range(5)]
    elsewhere = Client(REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT=BROWSER)

    assert [a.status_code for a in answers] == [204, 204, 204, 429, 429]
    assert "Retry-After" in answers[-1]
    assert send(elsewhere, marketplace="US", asin="B0CLICK001").status_code == 204
    assert counts()[0][3] == 4


def test_no_personal_data_is_stored(beacon: Client, product: Product) -> None:
    send(beacon, marketplace="US", asin="B0CLICK001")

    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, DailyClicks._meta.db_table
            )
        ]
        cursor.execute(f"SELECT * FROM {DailyClicks._meta.db_table}")  # noqa: S608
        (row,) = cursor.fetchall()
    assert sorted(columns) == ["collection_id", "count", "day", "id", "product_id"]
    stored = " ".join(str(value) for value in row)
    for personal in ("127.0.0.1", "Mozilla", "visitor-cookie-value"):
        assert personal not in stored

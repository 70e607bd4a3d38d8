"""Click counts in the admin: the daily list, its filters and totals, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from devtools.testkit.catalogue import ProductFactory
from products.clicks.models import DailyClicks
from products.clicks.services import click_record
from products.collections.models import Collection
from products.models import Product

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)
CHANGELIST = "admin:clicks_dailyclicks_changelist"


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client


@pytest.fixture
def clicks() -> dict[str, Product]:
    kettle = ProductFactory.create(marketplace="US", asin="B0KETTLE01", title="=HYPERLINK(evil)")
    lamp = ProductFactory.create(marketplace="UK", asin="B0LAMP0001", title="Walnut lamp")
    lamps = Collection.objects.create(title="Desk lamps", slug="desk-lamps", marketplace="UK")
    for _ in range(3):
        click_record(product_id=kettle.pk, collection_id=None, day=MONDAY)
    click_record(product_id=kettle.pk, collection_id=None, day=TUESDAY)
    click_record(product_id=lamp.pk, collection_id=lamps.pk, day=TUESDAY)
    click_record(product_id=lamp.pk, collection_id=lamps.pk, day=TUESDAY)
    return {"kettle": kettle, "lamp": lamp}


def test_the_changelist_shows_rows_and_totals(staff: Client, clicks: dict[str, Product]) -> None:
    page = staff.get(reverse(CHANGELIST))

    assert page.status_code == 200
    assert len(page.context["cl"].result_list) == 3
    assert page.context["clicks_total"] == 6
    by_product = {row["product__asin"]: row["total"] for row in page.context["clicks_by_product"]}
    assert by_product == {"B0KETTLE01": 4, "B0LAMP0001": 2}
    by_collection = {
        row["collection__slug"]: row["total"] for row in page.context["clicks_by_collection"]
    }
    assert by_collection == {None: 4, "desk-lamps": 2}
    assert "Other pages (no collection)" in page.content.decode()


@pytest.mark.parametrize(
    ("params", "total", "products"),
    [
        ({"day__gte": "2026-11-24", "day__lt": "2026-11-25"}, 3, {"B0KETTLE01", "B0LAMP0001"}),
        ({"store": "UK"}, 2, {"B0LAMP0001"}),
        ({"collection__id__exact": "COLLECTION"}, 2, {"B0LAMP0001"}),
    ],
)
def test_filters_narrow_the_rows_and_the_totals(
    staff: Client,
    clicks: dict[str, Product],
    params: dict[str, str],
    total: int,
    products: set[str],
) -> None:
    collection = Collection.objects.get()
    query = {k: v.replace("COLLECTION", str(collection.pk)) for k, v in params.items()}

    page = staff.get(reverse(CHANGELIST), query)

    assert page.status_code == 200
    assert page.context["clicks_total"] == total
    assert {row.product.asin for row in page.context["cl"].result_list} == products


def test_the_csv_export_streams_a_header_and_every_selected_row(
    staff: Client, clicks: dict[str, Product]
) -> None:
    ids = [str(pk) for pk in DailyClicks.objects.values_list("pk", flat=True)]

    response = staff.post(
        reverse(CHANGELIST), {"action": "export_csv", ACTION_CHECKBOX_NAME: ids, "index": 0}
    )

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clicks-')
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert list(csv.reader(io.StringIO(body))) == [
        ["day", "marketplace", "asin", "title", "collection", "clicks"],
        ["2026-11-23", "US", "B0KETTLE01", "'=HYPERLINK(evil)", "", "3"],
        ["2026-11-24", "UK", "B0LAMP0001", "Walnut lamp", "desk-lamps", "2"],
        ["2026-11-24", "US", "B0KETTLE01", "'=HYPERLINK(evil)", "", "1"],
    ]


def test_counts_cannot_be_added_or_edited_by_hand(
    staff: Client, clicks: dict[str, Product]
) -> None:
    row = DailyClicks.objects.first()
    assert row is not None
    assert staff.get(reverse("admin:clicks_dailyclicks_add")).status_code == 403
    detail = staff.get(reverse("admin:clicks_dailyclicks_change", args=[row.pk]))
    assert detail.status_code == 200
    assert 'name="count"' not in detail.content.decode()

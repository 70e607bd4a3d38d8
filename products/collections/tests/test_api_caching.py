"""Collections in the API are shared as their rendered JSON, until a write moves the version."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from devtools.testkit.catalogue import ProductRecordFactory, manual, rule
from products.collections.models import Collection
from products.models import Product
from products.services import product_upsert

pytestmark = pytest.mark.django_db

LIST = "/api/v1/collections/"
DETAIL = "/api/v1/collections/hand-picked/"


@pytest.mark.parametrize("path", [LIST, DETAIL])
def test_a_repeated_request_is_sent_the_stored_bytes_without_the_database(
    api: APIClient,
    stock: dict[str, Product],
    path: str,
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manual([stock["B0KETTLE01"]])
    first = api.get(path, HTTP_ACCEPT="application/json")

    with monkeypatch.context() as unrendered, django_assert_num_queries(0):
        unrendered.setattr(JSONRenderer, "render", _refuse)
        again = api.get(path, HTTP_ACCEPT="application/json")
    with django_assert_num_queries(0):
        indented = api.get(path, HTTP_ACCEPT="application/json; indent=2")

    assert again.content == first.content
    assert again["Content-Type"] == "application/json"
    assert indented.content.startswith(b'{\n  "')
    assert indented.json() == first.json()
    browsable = Client().get(path, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert "Hand-picked" in browsable.content.decode()


def test_a_collection_edited_in_the_admin_is_in_the_next_list(
    api: APIClient,
    staff: Client,
    stock: dict[str, Product],
    django_capture_on_commit_callbacks: Any,
) -> None:
    collection = rule(rule_brand="Acme", title="Acme things", slug="acme")
    assert api.get(LIST).json()["results"][0]["title"] == "Acme things"

    with django_capture_on_commit_callbacks(execute=True):
        saved = staff.post(
            reverse("admin:collections_collection_change", args=[collection.pk]),
            _rule_form(collection, title="Renamed"),
        )

    assert saved.status_code == 302
    assert api.get(LIST).json()["results"][0]["title"] == "Renamed"


def test_a_changed_price_makes_the_next_list_and_collection_miss(
    api: APIClient, stock: dict[str, Product], django_assert_max_num_queries: Any
) -> None:
    manual([stock["B0KETTLE01"]])
    api.get(LIST)
    api.get(DETAIL)

    product_upsert([_priced("B0KETTLE01", "19.99")])

    with django_assert_max_num_queries(10) as queries:
        api.get(LIST)
    assert len(queries) > 0
    assert api.get(DETAIL).json()["products"][0]["price"]["amount"] == "19.99"


def test_staff_answers_are_not_kept(
    staff: Client, stock: dict[str, Product], django_assert_max_num_queries: Any
) -> None:
    manual([stock["B0KETTLE01"]])
    staff.get(DETAIL)

    with django_assert_max_num_queries(20) as queries:
        assert staff.get(DETAIL).status_code == 200

    assert len(queries) > 0


def _refuse(*args: Any, **kwargs: Any) -> bytes:
    raise AssertionError("a stored answer was rendered again")


def _priced(asin: str, amount: str) -> Any:
    record = ProductRecordFactory.build(asin=asin, marketplace="US")
    return replace(
        record,
        fetched_at=timezone.now(),
        price_amount=Decimal(amount),
        price_currency="USD",
        price_display=f"${amount}",
    )


def _rule_form(collection: Collection, **changes: str) -> dict[str, Any]:
    """The admin's change form for a rule collection, as a curator would submit it."""
    data: dict[str, Any] = {
        "title": collection.title,
        "slug": collection.slug,
        "marketplace": collection.marketplace,
        "kind": collection.kind,
        "intro": "",
        "max_items": str(collection.max_items),
        "published": "on",
        "home_order": "0",
        "compare_attributes": collection.compare_attributes,
        "rule_brand": collection.rule_brand,
        "rule_keywords": "",
        "rule_availability": "",
        "sort": collection.sort,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}

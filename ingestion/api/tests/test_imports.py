"""POST /api/v1/imports/: valid lists are queued (202), any invalid entry refuses it all."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from ingestion.models import IngestionRun

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"


@pytest.fixture
def carried(settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]


def test_asins_and_urls_are_queued_once_committed(
    staff_api: APIClient, carried: None, django_capture_on_commit_callbacks: mock.Mock
) -> None:
    entries = ["B0AAAAAAAA", "https://www.amazon.co.uk/dp/B0BBBBBBBB?tag=x", "b0aaaaaaaa"]

    with mock.patch("ingestion.api.views.items_import.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = staff_api.post(URL, {"entries": entries}, format="json")
            delay.assert_not_called()
        assert len(callbacks) == 1

    assert response.status_code == 202
    run = IngestionRun.objects.get()
    delay.assert_called_once_with(run.pk)
    assert run.requested == [["US", "B0AAAAAAAA"], ["UK", "B0BBBBBBBB"]]
    assert response.json()["id"] == run.pk
    assert response["Location"].endswith(f"/api/v1/runs/{run.pk}/")


def test_bare_asins_take_the_given_store(staff_api: APIClient, carried: None) -> None:
    with mock.patch("ingestion.api.views.items_import.delay"):
        response = staff_api.post(
            URL, {"entries": ["B0AAAAAAAA"], "marketplace": "UK"}, format="json"
        )

    assert response.json()["requested"] == [{"marketplace": "UK", "asin": "B0AAAAAAAA"}]


def test_any_invalid_entry_refuses_the_whole_list(staff_api: APIClient, carried: None) -> None:
    entries = [
        "B0AAAAAAAA",
        "not an asin",
        "https://example.com/dp/B0AAAAAAAA",
        "https://amzn.to/x",
    ]

    with mock.patch("ingestion.api.views.items_import.delay") as delay:
        response = staff_api.post(URL, {"entries": entries}, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["entries[1]", "entries[2]", "entries[3]"]
    assert "Short links" in errors[2]["message"]
    assert not IngestionRun.objects.exists()
    delay.assert_not_called()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"entries": []}, "entries"),
        ({"entries": "B0AAAAAAAA"}, "entries"),
        ({}, "entries"),
        ({"entries": ["B0AAAAAAAA"], "marketplace": "DE"}, "marketplace"),
        ({"entries": ["B0AAAAAAAA"], "marketplace": "XX"}, "marketplace"),
        ({"entries": ["https://www.amazon.de/dp/B0AAAAAAAA"]}, "entries[0]"),
        ({"entries": [""]}, "entries[0]"),
        ({"entries": [1234567890]}, "entries[0]"),
        ({"entries": ["https://user@www.amazon.com/dp/B0AAAAAAAA"]}, "entries[0]"),
        ({"entries": [" " * 2040 + "B0AAAAAAAA"]}, "entries[0]"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_field(
    staff_api: APIClient, carried: None, body: dict[str, object], field: str
) -> None:
    response = staff_api.post(URL, body, format="json")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_importing_needs_the_permission_to_add_products(api: APIClient, carried: None) -> None:
    api.force_login(User.objects.create_user("reader", "r@example.com", "pw", is_staff=True))

    response = api.post(URL, {"entries": ["B0AAAAAAAA"]}, format="json")

    assert response.status_code == 403
    assert not IngestionRun.objects.exists()


def test_imports_are_for_staff_only(api: APIClient, member_api: APIClient) -> None:
    assert api.post(URL, {"entries": ["B0AAAAAAAA"]}, format="json").status_code == 401
    assert member_api.post(URL, {"entries": ["B0AAAAAAAA"]}, format="json").status_code == 403

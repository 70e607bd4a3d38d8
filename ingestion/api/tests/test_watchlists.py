"""Watchlists, read and written by staff with the admin's model permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from ingestion.models import Watchlist

pytestmark = pytest.mark.django_db

LIST = "/api/v1/watchlists/"


def fields_at_fault(response: object) -> list[str]:
    assert response.status_code == 400  # type: ignore[attr-defined]
    return [e["field"] for e in response.json()["errors"]]  # type: ignore[attr-defined]


def test_staff_create_a_watchlist(staff_api: APIClient) -> None:
    response = staff_api.post(
        LIST, {"name": "Lamps", "keywords": "desk lamp", "pages": 2}, format="json"
    )

    assert response.status_code == 201
    watchlist = Watchlist.objects.get()
    assert (watchlist.name, watchlist.keywords, watchlist.pages) == ("Lamps", "desk lamp", 2)
    assert response.json()["url"].endswith(f"/api/v1/watchlists/{watchlist.pk}/")


def test_staff_list_update_and_delete(staff_api: APIClient) -> None:
    lamps = Watchlist.objects.create(name="Lamps", keywords="lamp")
    Watchlist.objects.create(name="Kettles", keywords="kettle", active=False)

    assert [w["name"] for w in staff_api.get(LIST).json()["results"]] == ["Kettles", "Lamps"]
    assert [w["name"] for w in staff_api.get(LIST, {"active": "true"}).json()["results"]] == [
        "Lamps"
    ]
    patched = staff_api.patch(f"{LIST}{lamps.pk}/", {"active": False}, format="json")
    assert patched.status_code == 200
    assert staff_api.delete(f"{LIST}{lamps.pk}/").status_code == 204
    assert not Watchlist.objects.filter(pk=lamps.pk).exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": "Nothing to look for"}, ["keywords"]),
        ({"name": "Bad node", "browse_node_id": "12ab"}, ["browse_node_id"]),
        ({"name": "Unicode digits", "browse_node_id": "\u0661\u0662"}, ["browse_node_id"]),
        ({"name": "Too deep", "keywords": "x", "pages": 11}, ["pages"]),
        ({"keywords": "x"}, ["name"]),
        ({"name": "Numbered", "keywords": "x", "active": 0}, ["active"]),
        ({"name": "Worded", "keywords": "x", "active": "yes"}, ["active"]),
    ],
)
def test_the_admins_rules_hold(
    staff_api: APIClient, body: dict[str, object], fields: list[str]
) -> None:
    assert fields_at_fault(staff_api.post(LIST, body, format="json")) == fields


def test_a_partial_update_that_leaves_nothing_to_search_by_is_a_conflict(
    staff_api: APIClient,
) -> None:
    # GIVEN a watchlist searching by its browse node alone (a valid body on its own, but
    # not with the stored keywords and search index, both blank)
    nodes = Watchlist.objects.create(name="Nodes", browse_node_id="172282")

    response = staff_api.patch(f"{LIST}{nodes.pk}/", {"browse_node_id": ""}, format="json")

    assert response.status_code == 409
    assert [e["field"] for e in response.json()["errors"]] == ["keywords"]
    assert Watchlist.objects.get().browse_node_id == "172282"


def test_a_full_update_names_what_to_search_by_itself(staff_api: APIClient) -> None:
    # The stored keywords would do, but a PUT replaces the watchlist: its body must keep
    # the rule on its own, as the schema's anyOf says.
    lamps = Watchlist.objects.create(name="Lamps", keywords="lamp")

    response = staff_api.put(
        f"{LIST}{lamps.pk}/", {"name": "Lamps", "search_index": ""}, format="json"
    )

    assert fields_at_fault(response) == ["keywords"]
    assert Watchlist.objects.get().keywords == "lamp"


def test_a_partial_update_keeps_the_other_rules(staff_api: APIClient) -> None:
    lamps = Watchlist.objects.create(name="Lamps", keywords="lamp")

    response = staff_api.patch(f"{LIST}{lamps.pk}/", {"browse_node_id": "12a"}, format="json")

    assert fields_at_fault(response) == ["browse_node_id"]


def test_the_name_limit_counts_every_character_sent_and_the_name_is_stored_trimmed(
    staff_api: APIClient,
) -> None:
    padded = " " * 5 + "x" * 195 + " " * 5

    refused = staff_api.post(LIST, {"name": padded, "keywords": "x"}, format="json")
    created = staff_api.post(LIST, {"name": f"  {'x' * 196}  ", "keywords": "x"}, format="json")

    assert fields_at_fault(refused) == ["name"]
    assert created.status_code == 201
    assert created.json()["name"] == Watchlist.objects.get().name == "x" * 196


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Lamps", "keywords": "lamp", "search_index": 0},
        {"name": 7, "keywords": "lamp"},
        {"name": "Lamps", "keywords": "lamp", "marketplace": ["US"]},
    ],
)
def test_text_must_be_a_json_string(staff_api: APIClient, body: dict[str, object]) -> None:
    assert len(fields_at_fault(staff_api.post(LIST, body, format="json"))) == 1
    assert not Watchlist.objects.exists()


@pytest.mark.parametrize("method", ["POST", "PUT"])
@pytest.mark.parametrize("content_type", ["application/json", "application/octet-stream", ""])
def test_random_bytes_are_never_taken_for_a_watchlist(
    staff_api: APIClient, method: str, content_type: str
) -> None:
    lamps = Watchlist.objects.create(name="Lamps", keywords="lamp")
    noise = bytes(range(256)) * 4
    url = LIST if method == "POST" else f"{LIST}{lamps.pk}/"

    response = staff_api.generic(method, url, noise, content_type=content_type)  # type: ignore[arg-type]

    assert response.status_code in (400, 415)
    assert list(Watchlist.objects.values_list("name", "keywords")) == [("Lamps", "lamp")]


def test_only_carried_stores(staff_api: APIClient, settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["US"]

    response = staff_api.post(
        LIST, {"name": "DE", "keywords": "x", "marketplace": "DE"}, format="json"
    )

    assert fields_at_fault(response) == ["marketplace"]


def test_writes_need_the_admins_permission(api: APIClient) -> None:
    reader = User.objects.create_user("reader", "r@example.com", "pw", is_staff=True)
    api.force_login(reader)

    assert api.get(LIST).status_code == 200
    assert api.post(LIST, {"name": "x", "keywords": "y"}, format="json").status_code == 403


def test_watchlists_are_for_staff_only(api: APIClient, member_api: APIClient) -> None:
    assert api.get(LIST).status_code == 401
    assert member_api.post(LIST, {"name": "x", "keywords": "y"}, format="json").status_code == 403


def test_a_session_write_needs_its_csrf_token(staff: User) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(staff)

    response = browser.post(LIST, {"name": "x", "keywords": "y"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]

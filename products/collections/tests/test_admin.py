"""Curating collections in the admin: per-field errors, ordered items, the live count, caching."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import manual, rule
from products.collections.models import Collection
from products.models import Category, Product

pytestmark = pytest.mark.django_db

ADD = "admin:collections_collection_add"


def form(items: list[tuple[int, Product]] = (), **overrides: Any) -> dict[str, Any]:  # type: ignore[assignment]
    data: dict[str, Any] = {
        "title": "Kettles we like",
        "slug": "kettles-we-like",
        "marketplace": "US",
        "kind": "manual",
        "intro": "",
        "max_items": "24",
        "published": "on",
        "home_order": "0",
        "compare_attributes": ["price", "brand"],
        "rule_brand": "",
        "rule_keywords": "",
        "rule_availability": "",
        "sort": "relevance",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, (position, product) in enumerate(items):
        data[f"items-{index}-position"] = str(position)
        data[f"items-{index}-product"] = str(product.pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200, "the form was accepted"
    errors = response.context["adminform"].form.errors
    return {name: list(messages) for name, messages in errors.items()}


def test_a_hand_picked_collection_is_saved_with_its_order(
    staff: Client, stock: dict[str, Product]
) -> None:
    items = [(20, stock["B0KETTLE01"]), (10, stock["B0KETTLE02"])]

    response = staff.post(reverse(ADD), form(items))

    assert response.status_code == 302
    collection = Collection.objects.get(slug="kettles-we-like")
    assert collection.compare_attributes == ["price", "brand"]
    ordered = collection.items.order_by("position").values_list("product__asin", flat=True)
    assert list(ordered) == ["B0KETTLE02", "B0KETTLE01"]
    page = Client().get("/collections/kettles-we-like/").content.decode()
    assert page.index("Steel kettle") < page.index("Glass kettle")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": "Kettles We Like"}, "slug", "lower-case letters"),
        ({"slug": "kettles--x"}, "slug", "single hyphens"),
        ({"title": ""}, "title", "required"),
        ({"marketplace": "XX"}, "marketplace", "valid choice"),
        ({"max_items": "0"}, "max_items", "greater than or equal to 1"),
        ({"max_items": "101"}, "max_items", "less than or equal to 100"),
        ({"compare_attributes": []}, "compare_attributes", "at least one attribute"),
        ({"compare_attributes": ["colour"]}, "compare_attributes", "valid choice"),
        ({"rule_brand": "Acme"}, "rule_brand", "Only a rule collection"),
        ({"rule_min_saving": "10"}, "rule_min_saving", "Only a rule collection"),
        ({"sort": "price"}, "sort", "keeps its chosen order"),
        (
            {"kind": "rule", "rule_min_price": "50", "rule_max_price": "20"},
            "rule_max_price",
            "below the lowest price",
        ),
        ({"kind": "rule", "rule_min_price": "abc"}, "rule_min_price", "number"),
        ({"kind": "rule", "rule_min_saving": "100"}, "rule_min_saving", "less than or equal"),
        ({"kind": "rule", "rule_min_price": "-1"}, "rule_min_price", "greater than or equal"),
        ({"kind": "rule", "rule_availability": "soon"}, "rule_availability", "valid choice"),
        ({"kind": "rule"}, "__all__", "at least one criterion"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    staff: Client, stock: dict[str, Product], overrides: dict[str, Any], field: str, message: str
) -> None:
    response = staff.post(reverse(ADD), form(**overrides))

    errors = field_errors(response)
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]
    assert not Collection.objects.exists()
    # What was typed is kept in the form, not lost.
    assert response.context["adminform"].form.data["title"] == form(**overrides)["title"]


def test_a_category_from_another_store_is_refused(
    staff: Client, stock: dict[str, Product], settings: Settings
) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    kettles = Category.objects.get(node_id="289935")

    response = staff.post(
        reverse(ADD), form(kind="rule", marketplace="UK", rule_category=kettles.pk)
    )

    assert "belongs to the US store" in field_errors(response)["rule_category"][0]


def inline_errors(response: Any) -> tuple[list[str], list[dict[str, Any]]]:
    assert response.status_code == 200, "the form was accepted"
    formset = response.context["inline_admin_formsets"][0].formset
    return list(formset.non_form_errors()), list(formset.errors)


def test_a_product_from_another_store_is_refused_on_its_row(
    staff: Client, stock: dict[str, Product]
) -> None:
    Product.objects.filter(asin="B0KETTLE02").update(marketplace="UK")
    items = [(1, stock["B0KETTLE01"]), (2, stock["B0KETTLE02"])]

    _, rows = inline_errors(staff.post(reverse(ADD), form(items)))

    assert rows[0] == {}
    assert "in the UK store" in rows[1]["product"][0]


def test_items_on_a_rule_collection_or_past_max_items_are_refused(
    staff: Client, stock: dict[str, Product]
) -> None:
    items = [(1, stock["B0KETTLE01"]), (2, stock["B0KETTLE02"])]

    on_rule, _ = inline_errors(staff.post(reverse(ADD), form(items, kind="rule", rule_brand="A")))
    too_many, _ = inline_errors(staff.post(reverse(ADD), form(items, max_items="1")))

    assert "A rule collection picks its own products" in on_rule[0]
    assert "shows at most 1" in too_many[0]


def test_the_change_form_previews_the_rule_and_links_the_pages(
    staff: Client, stock: dict[str, Product]
) -> None:
    collection = Collection.objects.create(
        title="Acme",
        slug="acme",
        marketplace="US",
        kind=Collection.RULE,
        rule_brand="acme",
        max_items=1,
    )

    page = staff.get(reverse("admin:collections_collection_change", args=[collection.pk]))

    text = page.content.decode()
    assert "The rule matches 2 published products; the page shows 1." in text
    assert 'href="/collections/acme/"' in text
    assert 'href="/collections/acme/compare/"' in text
    listing = staff.get(reverse("admin:collections_collection_changelist") + "?kind__exact=rule")
    assert "Acme" in listing.content.decode()


def test_saving_in_the_admin_invalidates_cached_pages(
    staff: Client, stock: dict[str, Product], django_capture_on_commit_callbacks: Any
) -> None:
    collection = manual([stock["B0LAMP0001"]], slug="kettles-we-like", show_on_home=True)
    visitor = Client()
    assert visitor.get("/collections/kettles-we-like/")["X-Cache"] == "miss"
    assert visitor.get("/collections/kettles-we-like/")["X-Cache"] == "hit"
    visitor.get("/us/")
    assert visitor.get("/us/")["X-Cache"] == "hit"

    change = reverse("admin:collections_collection_change", args=[collection.pk])
    with django_capture_on_commit_callbacks(execute=True):
        saved = staff.post(
            change, form([(1, stock["B0KETTLE03"])], title="Renamed", show_on_home="on")
        )
    assert saved.status_code == 302

    page = visitor.get("/collections/kettles-we-like/")
    assert page["X-Cache"] == "miss"
    assert "Renamed" in page.content.decode()
    assert "Travel kettle" in page.content.decode()
    assert "Renamed" in visitor.get("/us/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:collections_collection_delete", args=[collection.pk]), {"post": "yes"}
        )
    assert visitor.get("/collections/kettles-we-like/").status_code == 404
    assert "Renamed" not in visitor.get("/us/").content.decode()


def test_the_same_product_twice_is_refused(staff: Client, stock: dict[str, Product]) -> None:
    items = [(1, stock["B0KETTLE01"]), (2, stock["B0KETTLE01"])]

    errors, _ = inline_errors(staff.post(reverse(ADD), form(items)))

    assert "duplicate" in errors[0]


def test_a_category_a_rule_uses_cannot_be_deleted(stock: dict[str, Product]) -> None:
    kettles = Category.objects.get(node_id="289935")
    rule(rule_category=kettles)

    # Deleting it would silently widen the rule to the whole store.
    with pytest.raises(ProtectedError):
        kettles.delete()


def test_the_slug_help_shows_its_placeholder(staff: Client) -> None:
    page = staff.get(reverse(ADD)).content.decode()

    assert "The page&#x27;s address: /collections/&lt;slug&gt;/." in page
    assert "/collections//." not in page


def test_the_form_marks_its_rule_and_hand_picked_sections_for_the_kind_script(
    staff: Client,
) -> None:
    page = staff.get(reverse(ADD)).content.decode()

    assert 'class="module aligned kind-rule"' in page
    assert "kind-manual" in page
    assert "js/collection_kind.js" in page

"""Curating in the admin: filters, bulk actions, read-only ingested fields, field errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devtools.testkit.catalogue import ProductFactory, ProductRecordFactory
from products.models import Category, Product
from products.services import product_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    user = User.objects.create_superuser("curator", "curator@example.com", "pw")
    client.force_login(user)
    return client


def _changelist(**params: str) -> str:
    url = reverse("admin:products_product_changelist")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _add_form(**overrides: str) -> dict[str, str]:
    form = {
        "marketplace": "US",
        "asin": "B0NEWASIN1",
        "published": "on",
        "title_override": "",
        "notes": "",
        "price_history-TOTAL_FORMS": "0",
        "price_history-INITIAL_FORMS": "0",
    }
    form.update(overrides)
    return form


def test_admin_requires_staff(client: Client) -> None:
    response = client.get(_changelist())
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_changelist_filters_by_price_age(staff: Client) -> None:
    fresh = ProductFactory.create(price_as_of=timezone.now())
    stale = ProductFactory.create(price_as_of=timezone.now() - timedelta(hours=25))
    never = ProductFactory.create(price_as_of=None)

    stale_page = staff.get(_changelist(price_age="stale"))
    fresh_page = staff.get(_changelist(price_age="fresh"))

    assert {p.asin for p in stale_page.context["cl"].result_list} == {stale.asin, never.asin}
    assert {p.asin for p in fresh_page.context["cl"].result_list} == {fresh.asin}


def test_changelist_filters_by_top_category_including_descendants(staff: Client) -> None:
    record = ProductRecordFactory.build()
    product_upsert([record, ProductRecordFactory.build(categories=())])
    root = Category.objects.get(depth=0)

    page = staff.get(_changelist(category_path=root.path))

    assert [p.asin for p in page.context["cl"].result_list] == [record.asin]


def test_changelist_filters_search_and_availability(staff: Client) -> None:
    ProductFactory.create(title="Walnut desk", availability="in_stock", marketplace="UK")
    ProductFactory.create(title="Oak desk", availability="out_of_stock")

    by_search = staff.get(_changelist(q="walnut"))
    by_availability = staff.get(_changelist(availability__exact="out_of_stock"))
    by_store = staff.get(_changelist(marketplace__exact="UK"))

    assert [p.title for p in by_search.context["cl"].result_list] == ["Walnut desk"]
    assert [p.title for p in by_availability.context["cl"].result_list] == ["Oak desk"]
    assert [p.title for p in by_store.context["cl"].result_list] == ["Walnut desk"]


@pytest.mark.parametrize(
    ("action", "field", "expected"),
    [("unpublish", "published", False), ("feature", "featured", True)],
)
def test_bulk_actions(staff: Client, action: str, field: str, expected: bool) -> None:
    chosen = ProductFactory.create_batch(2)
    other = ProductFactory.create()

    response = staff.post(
        _changelist(), {"action": action, "_selected_action": [p.pk for p in chosen]}
    )

    assert response.status_code == 302
    assert all(
        getattr(p, field) == expected for p in Product.objects.filter(pk__in=[c.pk for c in chosen])
    )
    assert getattr(Product.objects.get(pk=other.pk), field) != expected


def test_change_form_edits_curation_and_ignores_ingested_fields(staff: Client) -> None:
    product = ProductFactory.create(title="API title", price_amount="10.00")
    url = reverse("admin:products_product_change", args=[product.pk])

    page = staff.get(url)
    response = staff.post(
        url,
        {
            "published": "",
            "featured": "on",
            "title_override": "Curated title",
            "notes": "checked",
            "title": "Hacked",
            "price_amount": "0.01",
            "asin": "B0CHANGED1",
            "price_history-TOTAL_FORMS": "0",
            "price_history-INITIAL_FORMS": "0",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.published, product.featured) == (False, True)
    assert (product.title_override, product.notes) == ("Curated title", "checked")
    assert (product.title, str(product.price_amount), product.asin) == (
        "API title",
        "10.00",
        product.asin,
    )


def test_adding_a_product_by_asin(staff: Client) -> None:
    response = staff.post(reverse("admin:products_product_add"), _add_form())

    assert response.status_code == 302
    assert Product.objects.filter(marketplace="US", asin="B0NEWASIN1").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("asin", "B0SHORT", "exactly 10 characters"),
        ("asin", "b0lowercas", "exactly 10 characters"),
        ("asin", "B0NEWASIN1X", "at most 10 characters"),
        ("marketplace", "XX", "not one of the available choices"),
    ],
)
def test_invalid_asin_or_marketplace_is_a_field_error(
    staff: Client, field: str, value: str, message: str
) -> None:
    response = staff.post(reverse("admin:products_product_add"), _add_form(**{field: value}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Product.objects.exists()


def test_a_duplicate_asin_is_a_form_error(staff: Client) -> None:
    ProductFactory.create(marketplace="US", asin="B0NEWASIN1")

    response = staff.post(reverse("admin:products_product_add"), _add_form())

    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors)


def test_product_page_shows_price_history(staff: Client) -> None:
    record = ProductRecordFactory.build()
    product_upsert([record])
    product = Product.objects.get(asin=record.asin)

    page = staff.get(reverse("admin:products_product_change", args=[product.pk]))

    assert page.status_code == 200
    assert b"24.99" in page.content
    assert b"Price observations" in page.content


def test_category_tree_lists_nodes_indented_with_children_links(staff: Client) -> None:
    product_upsert([ProductRecordFactory.build()])
    root = Category.objects.get(depth=0)

    page = staff.get(reverse("admin:products_category_changelist"))
    children = staff.get(
        reverse("admin:products_category_changelist") + f"?parent__id__exact={root.pk}"
    )

    assert page.status_code == 200
    names = [c.name for c in page.context["cl"].result_list]
    assert names == ["Kitchen & Dining", "Small Appliances", "Kettles"]
    # Indented by a class per depth: the CSP refuses inline styles.
    assert b'<span class="tree-depth-2">Kettles</span>' in page.content
    assert b"style=" not in page.content
    assert [c.name for c in children.context["cl"].result_list] == ["Small Appliances"]

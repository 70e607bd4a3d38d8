"""Staff's and the stock monitor's writes go through the services: each refreshes the cached
pages once it commits, and announces what subscribers react to.

Pages are read as an anonymous visitor, so the first visit caches them; a write that did
not move the versions would have the second visit served the stale copy."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from devtools.testkit.catalogue import KETTLES, ProductFactory, ProductRecordFactory
from products.events import PUBLISHED, UNPUBLISHED, CatalogueEvent
from products.models import Category, Product
from products.services import categories_upsert, product_upsert

pytestmark = pytest.mark.django_db

Committing = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Committing:
    """Run what the write left for its commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def kettle() -> Product:
    product_upsert([ProductRecordFactory.build(asin="B0KETTLE01", title="Glass kettle")])
    return Product.objects.get(asin="B0KETTLE01")


def _visit(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url, follow=True)
    return response.status_code, response.content.decode()


def _act(staff: Client, action: str, products: list[Product]) -> None:
    response = staff.post(
        reverse("admin:products_product_changelist"),
        {"action": action, "_selected_action": [p.pk for p in products]},
    )
    assert response.status_code == 302


def _change_form(product: Product, **fields: str) -> dict[str, str]:
    form = {
        "published": "on" if product.published else "",
        "featured": "on" if product.featured else "",
        "title_override": product.title_override,
        "notes": product.notes,
        "price_history-TOTAL_FORMS": "0",
        "price_history-INITIAL_FORMS": "0",
    }
    form.update(fields)
    return form


def test_unpublishing_in_the_admin_removes_the_cached_page_and_announces_it(
    staff: Client, committed: Committing, kettle: Product, announced: list[CatalogueEvent]
) -> None:
    url = kettle.get_absolute_url()
    assert _visit(Client(), url)[0] == 200

    with committed():
        _act(staff, "unpublish", [kettle])

    assert _visit(Client(), url)[0] == 404
    assert [(e.kind, e.product_id, e.marketplace, e.asin) for e in announced] == [
        (UNPUBLISHED, kettle.pk, "US", "B0KETTLE01")
    ]


def test_publishing_announces_only_the_products_it_showed(
    staff: Client, committed: Committing, announced: list[CatalogueEvent]
) -> None:
    hidden = ProductFactory.create(published=False)
    shown = ProductFactory.create(published=True)

    with committed():
        _act(staff, "publish", [hidden, shown])

    assert Product.objects.filter(published=False).count() == 0
    assert [(e.kind, e.asin) for e in announced] == [(PUBLISHED, hidden.asin)]


def test_featuring_in_the_admin_shows_on_the_cached_home_page(
    staff: Client, committed: Committing, kettle: Product, announced: list[CatalogueEvent]
) -> None:
    assert 'id="featured-heading"' not in _visit(Client(), "/")[1]

    with committed():
        _act(staff, "feature", [kettle])

    assert 'id="featured-heading"' in _visit(Client(), "/")[1]
    with committed():
        _act(staff, "unfeature", [kettle])

    assert 'id="featured-heading"' not in _visit(Client(), "/")[1]
    # Featuring changes what a page shows, not what subscribers follow.
    assert announced == []


def test_a_title_override_saved_in_the_admin_shows_on_the_next_product_page(
    staff: Client, committed: Committing, kettle: Product, announced: list[CatalogueEvent]
) -> None:
    url = kettle.get_absolute_url()
    assert "Glass kettle" in _visit(Client(), url)[1]

    with committed():
        response = staff.post(
            reverse("admin:products_product_change", args=[kettle.pk]),
            _change_form(kettle, title_override="Curated kettle"),
        )

    assert response.status_code == 302
    assert "Curated kettle" in _visit(Client(), url)[1]
    assert announced == []


def test_unpublishing_in_the_change_form_announces_it(
    staff: Client, committed: Committing, kettle: Product, announced: list[CatalogueEvent]
) -> None:
    url = kettle.get_absolute_url()
    assert _visit(Client(), url)[0] == 200

    with committed():
        staff.post(
            reverse("admin:products_product_change", args=[kettle.pk]),
            _change_form(kettle, published=""),
        )

    assert _visit(Client(), url)[0] == 404
    assert [(e.kind, e.asin) for e in announced] == [(UNPUBLISHED, "B0KETTLE01")]


def test_a_save_in_the_admin_leaves_what_ingestion_wrote_meanwhile(
    staff: Client, committed: Committing, kettle: Product
) -> None:
    form = _change_form(kettle, notes="checked")
    Product.objects.filter(pk=kettle.pk).update(title="Renamed by Amazon")

    with committed():
        staff.post(reverse("admin:products_product_change", args=[kettle.pk]), form)

    kettle.refresh_from_db()
    assert (kettle.title, kettle.notes) == ("Renamed by Amazon", "checked")


def test_deleting_in_the_admin_removes_the_cached_page(
    staff: Client, committed: Committing, kettle: Product
) -> None:
    url = kettle.get_absolute_url()
    assert _visit(Client(), url)[0] == 200

    with committed():
        staff.post(reverse("admin:products_product_delete", args=[kettle.pk]), {"post": "yes"})

    assert not Product.objects.exists()
    assert _visit(Client(), url)[0] == 404


def test_a_category_renamed_in_the_admin_shows_on_the_next_category_page(
    staff: Client, committed: Committing, kettle: Product
) -> None:
    category = Category.objects.get(node_id=KETTLES.node_id)
    url = category.get_absolute_url()
    assert "Kettles" in _visit(Client(), url)[1]

    with committed():
        response = staff.post(
            reverse("admin:products_category_change", args=[category.pk]),
            {"name": "Electric kettles"},
        )

    assert response.status_code == 302
    status, page = _visit(Client(), url)
    assert status == 200
    assert "Electric kettles" in page


def test_a_category_renamed_by_ingestion_shows_on_the_next_category_page(
    committed: Committing, kettle: Product
) -> None:
    url = Category.objects.get(node_id=KETTLES.node_id).get_absolute_url()
    assert "Kettles" in _visit(Client(), url)[1]

    with committed():
        categories_upsert("US", [replace(KETTLES, name="Tea kettles")])

    assert "Tea kettles" in _visit(Client(), url)[1]


def test_reading_an_unchanged_tree_leaves_the_cached_pages(
    committed: Committing, kettle: Product
) -> None:
    with committed() as callbacks:
        categories_upsert("US", [KETTLES])

    assert callbacks == []


def test_featuring_from_the_changelist_columns_shows_on_the_cached_home_page(
    staff: Client, committed: Committing, kettle: Product
) -> None:
    assert 'id="featured-heading"' not in _visit(Client(), "/")[1]

    with committed():
        response = staff.post(
            reverse("admin:products_product_changelist"),
            {
                "_save": "Save",
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(kettle.pk),
                "form-0-published": "on",
                "form-0-featured": "on",
            },
        )

    assert response.status_code == 302
    assert Product.objects.get(pk=kettle.pk).featured
    assert 'id="featured-heading"' in _visit(Client(), "/")[1]

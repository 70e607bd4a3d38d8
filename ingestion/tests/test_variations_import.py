"""Importing a parent ASIN imports its variations, and the run page links what it did."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from ingestion import jobs
from ingestion.imports import import_run_create
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import Product

pytestmark = pytest.mark.django_db


def a_parent(sandbox: SandboxServer) -> tuple[str, list[str]]:
    catalogue = sandbox.catalogue
    index = next(i for i in range(1, catalogue.size) if catalogue.is_parent(i))
    return catalogue.asin(index), [catalogue.asin(i) for i in catalogue.children(index)]


def test_a_parent_asin_imports_its_children_and_is_not_published(
    creators_api: SandboxServer,
) -> None:
    parent, children = a_parent(creators_api)
    plain = creators_api.catalogue.asin(1)
    run, _ = import_run_create([parent, plain], marketplace="US")
    assert run is not None

    done = jobs.items_import(run.pk)

    stored = {p.asin: p for p in Product.objects.all()}
    assert set(children) | {plain} <= set(stored)
    assert all(stored[c].parent_asin == parent for c in children)
    assert any(stored[c].price_amount is not None for c in children)
    assert parent not in stored or not stored[parent].published
    done.refresh_from_db()
    assert done.status == IngestionRun.Status.SUCCEEDED, done.message
    created = {asin for _, asin in done.created}
    assert set(children) | {plain} <= created
    assert creators_api.stats()["by_operation"]["getVariations"] >= 1


def test_the_run_page_links_the_products_it_created_and_lists_what_it_refused(
    creators_api: SandboxServer, client: Client
) -> None:
    client.force_login(User.objects.create_superuser("curator", "c@example.com", "pw"))
    asins = [creators_api.catalogue.asin(i) for i in (1, 2)]
    run, _ = import_run_create([*asins, "not-an-asin"], marketplace="US")
    assert run is not None
    jobs.items_import(run.pk)

    page = client.get(reverse("admin:ingestion_ingestionrun_change", args=[run.pk]))

    html = page.content.decode()
    for asin in asins:
        product = Product.objects.get(asin=asin)
        link = reverse("admin:products_product_change", args=[product.pk])
        assert f'<td>created</td><td>US</td><td><a href="{link}">{asin}</a></td>' in html
    assert "<code>not-an-asin</code>" in html

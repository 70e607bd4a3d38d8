"""A cached page answers without the database; the indexes uncached pages rely on exist."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import HttpResponseRedirect
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from devtools.testkit.catalogue import ProductRecordFactory, stock_catalogue
from products.edge_headers import Shown
from products.links import category_url, product_url
from products.models import Category, Product
from products.page_cache import FILL_WAIT_SECONDS, Rendered, cached_page
from products.selectors import products_biggest_savings, products_featured
from products.services import product_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> dict[str, Product]:
    return stock_catalogue()


def test_a_cached_product_page_costs_no_query(
    client: Client, catalogue: dict[str, Product], django_assert_num_queries: Any
) -> None:
    url = product_url(catalogue["B0KETTLE01"])
    assert client.get(url)["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert "Glass kettle with blue light" in response.content.decode()


def test_a_cached_category_page_costs_no_query(
    client: Client, catalogue: dict[str, Product], django_assert_num_queries: Any
) -> None:
    url = category_url(Category.objects.get(node_id="289935"))
    assert client.get(f"{url}?sort=price")["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(f"{url}?sort=price")

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_a_refreshed_price_is_what_the_next_visitor_sees(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0KETTLE01"]
    product_page = product_url(product)
    category_page = category_url(Category.objects.get(node_id="289935"))
    for url in (product_page, category_page):
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"

    product_upsert(
        [
            replace(
                ProductRecordFactory.build(asin=product.asin, title=product.title),
                fetched_at=timezone.now() + timedelta(seconds=1),
                price_amount=Decimal("17.49"),
                price_display="$17.49",
            )
        ]
    )

    for url in (product_page, category_page):
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
        assert '<span class="amount">$17.49' in response.content.decode(), url
        assert '<span class="amount">$24.99' not in response.content.decode(), url


def test_a_wrong_slug_still_redirects_once_the_page_is_cached(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0KETTLE01"]
    category = Category.objects.get(node_id="289935")
    client.get(product_url(product))
    client.get(category_url(category))

    moved = client.get(f"/p/us/{product.asin.lower()}-old-name/")
    renamed = client.get(f"/c/us/{category.node_id}-old-name/?page=1")

    assert moved.status_code == 301
    assert moved["Location"] == product_url(product)
    assert renamed.status_code == 301
    assert renamed["Location"] == f"{category_url(category)}?page=1"


def test_a_cached_product_unpublished_by_staff_is_404_at_once(
    client: Client,
    catalogue: dict[str, Product],
    admin_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    product = catalogue["B0KETTLE02"]
    url = product_url(product)
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    staff = Client()
    staff.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:products_product_changelist"),
            {"action": "unpublish", "_selected_action": [product.pk]},
        )

    assert not Product.objects.get(pk=product.pk).published
    assert client.get(url).status_code == 404


def test_the_indexes_uncached_pages_read_exist() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Product._meta.db_table)
    indexed = {name: tuple(c["columns"]) for name, c in constraints.items() if c["index"]}

    assert indexed["product_parent_asin"] == ("marketplace", "parent_asin")
    assert indexed["product_category_rank"] == ("category_id", "sales_rank", "id")
    assert indexed["product_sales_rank"] == ("sales_rank", "id")
    assert indexed["product_created_at"] == ("created_at", "id")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans")
@pytest.mark.parametrize(
    ("section", "index"),
    [(products_featured, "product_featured"), (products_biggest_savings, "product_savings")],
)
def test_the_home_sections_read_their_partial_index(section: Any, index: str) -> None:
    # Seq scans and sorts are priced out so the plan shows whether an index can serve the
    # query in its order at all; on a small table the planner would rightly prefer a scan,
    # and with statistics left by earlier tests another index followed by a sort.
    with CaptureQueriesContext(connection) as captured:
        section(marketplace="US", limit=8)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan


def test_visitors_of_a_url_that_is_no_page_do_not_wait_for_one() -> None:
    """A popular product just unpublished: one visitor's render finds no page to cache, and
    the others render theirs at once instead of waiting for a page that never comes."""

    def not_a_page() -> Rendered:
        time.sleep(0.2)
        return HttpResponseRedirect("/elsewhere/"), Shown()

    def visit(_: int) -> int:
        request = RequestFactory().get("/p/us/gone/")
        request.user = AnonymousUser()
        return cached_page(request, not_a_page, ttl=60).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(visit, range(4)))

    assert statuses == [302] * 4
    assert time.monotonic() - started < FILL_WAIT_SECONDS

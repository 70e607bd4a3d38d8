"""Search-box suggestions: titles and brands by prefix, cached and invalidated by writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from devtools.testkit.catalogue import ProductRecordFactory, stock_catalogue
from products.links import product_url
from products.models import Product
from products.services import product_upsert

pytestmark = pytest.mark.django_db


def test_titles_and_brands_match_the_words_typed_so_far(client: Client) -> None:
    catalogue = stock_catalogue()

    answer = client.get("/us/search/suggest/?q=walnut+de").json()

    titles = {item["title"] for item in answer["titles"]}
    assert titles == {"Walnut desk lamp", "Walnut desk lamp, black", "Walnut desk lamp, white"}
    assert product_url(catalogue["B0LAMP0001"]) in {item["url"] for item in answer["titles"]}
    assert answer["brands"] == ["Lumen"]


@pytest.mark.parametrize("query", ["", "a", "   "])
def test_too_short_a_query_suggests_nothing(client: Client, query: str) -> None:
    stock_catalogue()

    answer = client.get(f"/us/search/suggest/?q={query}").json()

    assert answer["titles"] == [] and answer["brands"] == []


def test_a_nul_in_the_query_is_refused_before_any_lookup(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    stock_catalogue()

    with django_assert_num_queries(0):
        answer = client.get("/us/search/suggest/?q=ab%00cd")

    assert answer.status_code == 404


def test_unpublished_products_are_never_suggested(client: Client) -> None:
    stock_catalogue()
    Product.objects.filter(asin="B0LAMP0001").update(published=False)

    titles = {i["title"] for i in client.get("/us/search/suggest/?q=walnut").json()["titles"]}

    assert "Walnut desk lamp" not in titles


def test_suggestions_are_cached_until_the_catalogue_changes(client: Client) -> None:
    record = ProductRecordFactory.build(asin="B0SUGGEST1", title="Copper kettle")
    product_upsert([record])
    assert [i["title"] for i in client.get("/us/search/suggest/?q=copp").json()["titles"]] == [
        "Copper kettle"
    ]
    Product.objects.filter(asin="B0SUGGEST1").update(title="Changed behind the cache's back")
    assert client.get("/us/search/suggest/?q=copp").json()["titles"][0]["title"] == "Copper kettle"

    product_upsert(
        [replace(record, title="Copper kettle, large", fetched_at=timezone.now() + timedelta(1))]
    )

    assert client.get("/us/search/suggest/?q=copp").json()["titles"][0]["title"] == (
        "Copper kettle, large"
    )

"""Search and facets stay bounded for a common word, and exact for a rare one (PostgreSQL)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from devtools.testkit.catalogue import ProductRecordFactory
from products import browse as browse_module
from products import search as search_module
from products.browse import browse_results, facets, parse_browse
from products.search import search_products
from products.selectors import products_for_cards
from products.services import product_upsert

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _teapots() -> None:
    """Eight teapot matches: in the title (best), the brand, or only the features (worst)."""
    now = timezone.now()
    specs = [
        ("B0FEAT0001", "Plain mug", "Acme", ("A teapot warmer",), "10.00"),
        ("B0FEAT0002", "Plain cup", "Acme", ("Fits a teapot",), "12.00"),
        ("B0TITLE001", "Glass teapot", "Acme", (), "30.00"),
        ("B0BRAND001", "Tea cup", "Teapot Co", (), "8.00"),
        ("B0FEAT0003", "Saucer", "Acme", ("Under any teapot",), "5.00"),
        ("B0TITLE002", "Iron teapot", "Zeta", (), "60.00"),
        ("B0TITLE003", "Clay teapot", "Zeta", (), "40.00"),
        ("B0FEAT0004", "Tray", "Acme", ("Holds a teapot",), "20.00"),
    ]
    product_upsert(
        [
            replace(
                ProductRecordFactory.build(asin=asin, title=title, brand=brand),
                features=features,
                fetched_at=now,
                price_amount=Decimal(price),
                price_display=f"${price}",
            )
            for asin, title, brand, features, price in specs
        ]
    )


def _ranked(text: str) -> list[tuple[str, float]]:
    found = search_products(products_for_cards(), text).order_by("-rank", "id")
    # `rank` is an annotation, which the model's type does not know.
    return [(p.asin, float(vars(p)["rank"])) for p in found]


def test_a_common_word_ranks_its_capped_matches_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _teapots()
    everything = _ranked("teapot")
    assert len(everything) == 8
    assert [asin for asin, _ in everything[:3]] == ["B0TITLE001", "B0TITLE002", "B0TITLE003"]

    monkeypatch.setattr(search_module, "MAX_MATCHES", 5)
    capped = _ranked("teapot")

    assert len(capped) == 5
    ranks = [rank for _, rank in capped]
    assert ranks == sorted(ranks, reverse=True)
    # Each kept product keeps the rank it has in the full search.
    assert set(capped) <= set(everything)


def test_filters_apply_before_the_cap(monkeypatch: pytest.MonkeyPatch, client: Client) -> None:
    _teapots()
    monkeypatch.setattr(search_module, "MAX_MATCHES", 2)

    found = list(browse_results(parse_browse({"q": "teapot", "brand": "Teapot Co"})))
    api = client.get("/api/v1/products/?search=teapot&brand=Teapot%20Co").json()

    assert [p.asin for p in found] == ["B0BRAND001"]
    assert [p["asin"] for p in api["results"]] == ["B0BRAND001"]


def test_a_rare_word_has_exact_facets() -> None:
    _teapots()

    found = facets(parse_browse({"q": "teapot"}))

    brands = {value.label: value.count for value in found["brand"]}
    assert brands == {"Acme": 5, "Zeta": 2, "Teapot Co": 1}
    assert not any(value.approximate for values in found.values() for value in values)


def test_facets_over_a_capped_sample_say_they_are_lower_bounds(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    _teapots()
    monkeypatch.setattr(browse_module, "FACET_SAMPLE", 3)

    found = facets(parse_browse({"q": "teapot"}))
    page = client.get("/us/search/?q=teapot").content.decode()

    brands = found["brand"]
    assert brands and all(value.approximate for value in brands)
    assert sum(value.count for value in brands) == 3
    assert re.search(r'<span class="count" title="at least \d">\(\d\+\)</span>', page)


def test_only_facets_whose_own_sample_is_capped_are_approximate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _teapots()
    monkeypatch.setattr(browse_module, "FACET_SAMPLE", 3)

    found = facets(parse_browse({"q": "teapot", "brand": "Zeta"}))

    # Without the brand filter eight products match: more than the sample.
    assert all(value.approximate for value in found["brand"])
    # With it, two: counted exactly.
    assert [(v.label, v.count, v.approximate) for v in found["marketplace"]] == [("US", 2, False)]
    assert sum(v.count for v in found["price"]) == 2

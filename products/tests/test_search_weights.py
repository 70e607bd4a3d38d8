"""Search ranks a match in the title, brand or features 10 / 5 / 1, the plan's weights.

PostgreSQL's default weights (A 1.0, B 0.4, C 0.2) rank them 10 / 4 / 2, which these fail.
"""

from __future__ import annotations

import pytest
from django.db import connection

from devtools.testkit.catalogue import ProductRecordFactory
from products.search import search_products
from products.selectors import products_published
from products.services import product_upsert

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _ranked(text: str) -> list[tuple[str, float]]:
    found = search_products(products_published(), text).order_by("-rank", "asin")
    # `rank` is an annotation, which the model's type does not know.
    return [(p.asin, float(vars(p)["rank"])) for p in found]


def _match(asin: str, *, title: str = "Plain cup", brand: str = "Acme", features: int = 0) -> None:
    """A product with "teapot" in the title or brand given, and in `features` bullets."""
    bullets = tuple(f"Bullet {n} fits a teapot" for n in range(features))
    product_upsert(
        [ProductRecordFactory.build(asin=asin, title=title, brand=brand, features=bullets)]
    )


def test_one_match_each_ranks_ten_five_one() -> None:
    _match("B0TITLE001", title="Glass teapot")
    _match("B0BRAND001", brand="Teapot Co")
    _match("B0FEATURE1", features=1)

    ranks = dict(_ranked("teapot"))

    assert ranks["B0TITLE001"] == pytest.approx(2 * ranks["B0BRAND001"])
    assert ranks["B0BRAND001"] == pytest.approx(5 * ranks["B0FEATURE1"])


def test_a_brand_outranks_three_features_and_a_title_a_brand_with_four() -> None:
    # GIVEN matches that the default weights put the other way round: three feature
    # bullets (3 x 0.2) above a brand (0.4), a brand and four bullets (0.4 + 0.8) above a title
    _match("B0TITLE001", title="Glass teapot")
    _match("B0BRANDFT4", brand="Teapot Co", features=4)
    _match("B0BRAND001", brand="Teapot Co")
    _match("B0FEATURE3", features=3)

    found = [asin for asin, _ in _ranked("teapot")]

    # THEN title (1.0) > brand and four bullets (0.9) > brand (0.5) > three bullets (0.3)
    assert found == ["B0TITLE001", "B0BRANDFT4", "B0BRAND001", "B0FEATURE3"]

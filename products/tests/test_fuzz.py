"""The storefront answers any query string or path without a server error."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.testkit.catalogue import stock_catalogue
from products.models import Product

pytestmark = pytest.mark.django_db

PARAMETERS = ["q", "page", "sort", "brand", "category", "price", "availability", "store", "x"]
# Odd values: unicode, NUL and other control characters, long runs, numbers out of range.
VALUES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=600),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["\x00", "%00", "0x10", "1e309", "NaN", "-1", "", "../../etc", "\uff19"]),
)
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=5)
PATHS = st.sampled_from(["/", "/us/search/", "/c/us/289935-kettles/", "/p/us/B0KETTLE01-kettle/"])
SLUGS = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)

SUITE = settings(
    max_examples=200,
    deadline=None,
    # The same examples on every run, and no example database left in the tree.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def catalogue() -> dict[str, Product]:
    return stock_catalogue()


@SUITE
@given(path=PATHS, query=QUERIES)
def test_no_query_string_gives_a_server_error(
    client: Client, catalogue: dict[str, Product], path: str, query: list[tuple[str, str]]
) -> None:
    response = client.get(f"{path}?{urlencode(query)}")

    assert response.status_code < 500


@SUITE
@given(store=st.sampled_from(["us", "uk", "zz", "US"]), node=st.text(max_size=40), slug=SLUGS)
def test_no_category_or_product_path_gives_a_server_error(
    client: Client, catalogue: dict[str, Product], store: str, node: str, slug: str
) -> None:
    for path in (
        f"/c/{store}/{quote(node)}-{quote(slug)}/",
        f"/p/{store}/B0KETTLE01-{quote(slug)}/",
    ):
        assert client.get(path).status_code < 500, path

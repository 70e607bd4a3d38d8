"""The self-hosted edge: the project's Varnish (deploy/varnish/) in front of the live server.

Every edge test goes through a real varnishd started with the project's VCL and start
script; the query allow-list and the compose wiring are checked against the site itself.
"""

from __future__ import annotations

import gzip
import re
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from pytest_django.fixtures import Settings

from devtools.loopback import HOST
from devtools.testkit.catalogue import (
    KETTLES,
    ProductRecordFactory,
    image,
    manual,
    three_store_catalogue,
)
from devtools.testkit.edge import Answer, Edge, private_edge
from products.browse import BrowseForm
from products.clicks.models import DailyClicks
from products.links import category_url, product_url
from products.models import Category, Product
from products.services import product_upsert

ROOT = Path(__file__).resolve().parent.parent.parent
VCL = ROOT / "deploy" / "varnish" / "catalogue.vcl"
COMPOSE = ROOT / "docker" / "compose.yaml"
EDGE_STACK = ROOT / "deploy" / "edge.yaml"

edge_db = pytest.mark.django_db(transaction=True)


def vcl_allow_list() -> set[str]:
    """The query parameters the VCL keeps, read from its one allow-list."""
    found = re.search(r"\(\?!\(\?:(?P<names>[^)]*)\)\(\?:=\|&\|\$\)\)", VCL.read_text())
    assert found, "the allow-list is missing from the VCL"
    return {name.strip() for name in found["names"].split("|")}


def public_api_parameters() -> set[str]:
    """Every query parameter of an API read an anonymous caller may make."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        parameter["name"]
        for operations in schema["paths"].values()
        for method, operation in operations.items()
        if method == "get" and {} in operation.get("security", [{}])
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }


class IgnoringTags(yaml.SafeLoader):
    """CloudFormation's short forms (!Sub, !Ref) read as nothing: only literals matter here."""


IgnoringTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def cloudfront_allow_lists() -> tuple[set[str], set[str]]:
    """The query parameters CloudFront keeps: for pages (the cache policy) and for the API
    (the function that filters the query before the key is made)."""
    with EDGE_STACK.open() as handle:
        resources = yaml.load(handle, Loader=IgnoringTags)["Resources"]  # noqa: S506
    policy = resources["PageCachePolicy"]["Properties"]["CachePolicyConfig"]
    pages = policy["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"]
    code = resources["ApiQueryAllowList"]["Properties"]["FunctionCode"]
    listed = re.search(r"ALLOWED = \[(?P<names>[^\]]*)\]", code)
    assert listed, "the API query function lists no parameters"
    return set(pages["QueryStrings"]), set(re.findall(r'"([a-z_]+)"', listed["names"]))


def test_the_edge_keeps_exactly_the_parameters_the_pages_and_the_public_api_read() -> None:
    # The storefront's search and browse form; `page`, which every list reads; `p`, the
    # sitemaps' page (Django's sitemap views).
    storefront = set(BrowseForm.base_fields) | {"page", "p"}
    pages, api = cloudfront_allow_lists()

    assert vcl_allow_list() == storefront | public_api_parameters()
    assert pages == storefront
    assert api == public_api_parameters()


def test_compose_puts_the_edge_in_front_of_web_and_lets_the_app_purge_it() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    varnish, web = services["varnish"], services["web"]
    env = varnish["environment"]
    published = varnish["ports"][0].split(":")[-1]
    subnet = yaml.safe_load(COMPOSE.read_text())["networks"]["default"]["ipam"]["config"][0]

    assert "../deploy/varnish:/etc/varnish/catalogue:ro" in varnish["volumes"]
    assert varnish["command"] == ["sh", "/etc/varnish/catalogue/start.sh"]
    assert env["EDGE_ORIGIN"] == f"web:{web['ports'][0].split(':')[-1]}"
    assert env["EDGE_ADDRESS"] == f":{published}"
    assert subnet["subnet"] in env["EDGE_PURGERS"].split(",")
    for name in ("web", "worker"):
        assert services[name]["environment"]["EDGE_PURGE_URL"] == f"http://varnish:{published}/"
        assert services[name]["environment"]["SITE_URL"] == env["SITE_URL"]
    assert varnish["depends_on"]["web"]["condition"] == "service_healthy"


@pytest.fixture
def stores(settings: Settings) -> dict[str, Product]:
    settings.AMAZON_MARKETPLACES = ["US", "UK", "DE"]
    return three_store_catalogue()


def kettle_page(stores: dict[str, Product], store: str = "US") -> str:
    return product_url(stores[f"{store}:B0KETTLE01"])


def twice(edge: Edge, path: str) -> tuple[Answer, Answer]:
    first, second = edge.get(path), edge.get(path)
    assert first.status == 200, (path, first.status, first.text[:500])
    return first, second


@edge_db
@pytest.mark.parametrize(
    "page",
    [
        "product",
        "category",
        "store home",
        "collection",
        "search",
        "api list",
        "api record",
    ],
)
def test_a_second_visitor_is_an_edge_hit(edge: Edge, stores: dict[str, Product], page: str) -> None:
    manual([stores["US:B0KETTLE01"], stores["US:B0LAMP0001"]], slug="gifts", title="Gifts")
    path = {
        "product": kettle_page(stores),
        "category": category_url(Category.objects.get(marketplace="US", node_id="289935")),
        "store home": "/us/",
        "collection": "/collections/gifts/",
        "search": "/us/search/?q=kettle",
        "api list": "/api/v1/products/?marketplace=US",
        "api record": "/api/v1/products/US/B0KETTLE01/",
    }[page]

    first, second = twice(edge, path)

    assert not first.hit
    assert "public" in first.headers["Cache-Control"]
    assert second.hit and second.headers["X-Cache-Hits"] == "1"
    assert second.body == first.body


@edge_db
def test_a_visitor_of_one_store_never_gets_another_stores_page(
    edge: Edge, stores: dict[str, Product]
) -> None:
    us, uk = kettle_page(stores, "US"), kettle_page(stores, "UK")
    edge.get(us)
    british = edge.visitor(store="UK")

    us_for_britons, uk_page = british.get(us), british.get(uk)
    home_for_britons, home_for_americans = british.get("/"), edge.visitor(store="US").get("/")

    # The URL names the store: a British visitor on the US page gets the US page, shared.
    assert us_for_britons.hit and '<html lang="en-US"' in us_for_britons.text
    assert f'rel="canonical" href="{edge.url}{us}"' in us_for_britons.text
    assert not uk_page.hit and '<html lang="en-GB"' in uk_page.text
    assert f'rel="canonical" href="{edge.url}{uk}"' in uk_page.text
    assert edge.get("/us/").body != edge.get("/uk/").body
    # Only the store-less address picks by the cookie, and that answer is nobody else's.
    assert urlsplit(home_for_britons.headers["Location"]).path == "/uk/"
    assert urlsplit(home_for_americans.headers["Location"]).path == "/us/"
    assert not home_for_britons.hit and not home_for_americans.hit
    assert "private" in home_for_britons.headers["Cache-Control"]
    german = edge.get("/", **{"Accept-Language": "de-DE,de;q=0.9"})
    assert urlsplit(german.headers["Location"]).path == "/de/"


@edge_db
def test_signed_in_staff_neither_get_nor_fill_edge_entries(
    edge: Edge, stores: dict[str, Product], settings: Settings
) -> None:
    client = Client()
    client.force_login(User.objects.create_user("ada", is_staff=True, is_superuser=True))
    staff = edge.visitor(**{settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value})
    path = kettle_page(stores)

    staff_first = staff.get(path)
    anonymous_first, anonymous_second = edge.get(path), edge.get(path)
    staff_again = staff.get(path)

    assert staff_first.status == 200 and not staff_first.hit
    assert "private" in staff_first.headers["Cache-Control"]
    assert not anonymous_first.hit, "the staff page must not have filled the edge"
    assert anonymous_second.hit
    assert not staff_again.hit, "staff must not be given the shared page"
    assert staff.get(f"/{settings.ADMIN_URL}").status == 200


@edge_db
def test_the_store_switch_sets_the_cookie_through_the_edge_every_time(
    edge: Edge, stores: dict[str, Product]
) -> None:
    visitor = edge.visitor()
    query = urlencode({"next": "/us/search/?q=kettle"})

    switched = [visitor.request("GET", f"/store/uk/?{query}") for _ in range(2)]

    for answer in switched:
        assert answer.status in (302, 303) and not answer.hit
        assert "store=UK" in (answer.headers["Set-Cookie"] or "")
    assert switched[0].headers["Location"].endswith("/uk/search/?q=kettle")
    assert visitor.cookies["store"] == "UK"
    assert urlsplit(visitor.get("/").headers["Location"]).path == "/uk/"


class Forms(HTMLParser):
    """The inputs of each form on a page, by the form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._current = self.forms.setdefault(values.get("action", ""), {})
        elif tag == "input" and self._current is not None and values.get("name"):
            chosen = values.get("type") not in ("radio", "checkbox") or "checked" in values
            if chosen:
                self._current[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


@edge_db
def test_the_alert_form_on_a_shared_page_subscribes_through_the_edge(
    edge: Edge, stores: dict[str, Product]
) -> None:
    page = edge.get(kettle_page(stores))
    edge.get(kettle_page(stores))
    parser = Forms()
    parser.feed(page.text)
    action, fields = next((a, f) for a, f in parser.forms.items() if "/alerts/subscribe/" in a)

    answer = edge.visitor().request(
        "POST",
        urlsplit(action).path,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({**fields, "email": "ivy@example.com"}).encode(),
    )

    assert answer.status == 302, answer.text[:500]
    assert urlsplit(answer.headers["Location"]).path == "/alerts/check-email/"
    assert [message.to for message in mail.outbox] == [["ivy@example.com"]]


@edge_db
def test_the_click_beacon_counts_through_the_edge(edge: Edge, stores: dict[str, Product]) -> None:
    answers = [
        edge.request(
            "POST",
            "/beacon/click/",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=b"marketplace=US&asin=B0KETTLE01",
        )
        for _ in range(2)
    ]

    assert [answer.status for answer in answers] == [204, 204]
    counted = DailyClicks.objects.filter(product=stores["US:B0KETTLE01"])
    assert sum(counted.values_list("count", flat=True)) == 2


def refresh_kettle(price: str) -> None:
    """The US glass kettle's price refreshed by ingestion's own upsert."""
    product_upsert(
        [
            ProductRecordFactory.build(
                asin="B0KETTLE01",
                title="Glass kettle with blue light",
                brand="Acme",
                price=price,
                fetched_at=timezone.now(),
                savings_percent=10,
                savings_basis_amount=Decimal(price) * 2,
                categories=(KETTLES,),
                primary_image=image("B0KETTLE01"),
                variant_images=(image("B0KETTLE01V"),),
                features=("Glass kettle with blue light feature one", "Second feature"),
                sales_rank=1,
            )
        ]
    )


def shown_price(answer: Answer) -> str:
    """The product page's current price (the history chart shows older ones too)."""
    found = re.search(r'<span class="amount">([^<]*)</span>', answer.text)
    assert found, "the page shows no price"
    return found[1]


def directive(answer: Answer, name: str) -> int:
    found = re.search(rf"{name}=([0-9]+)", answer.headers["Cache-Control"] or "")
    return int(found[1]) if found else 0


@edge_db
def test_a_refreshed_price_reaches_the_edge_at_once_when_purged(
    edge: Edge, stores: dict[str, Product]
) -> None:
    path = kettle_page(stores)
    twice(edge, path)
    lamp = product_url(stores["US:B0LAMP0001"])
    assert twice(edge, lamp)[1].hit

    refresh_kettle("19.00")
    after = edge.get(path)

    assert not after.hit and shown_price(after) == "$19.00"
    assert edge.get(lamp).hit, "a purge takes only the pages showing the product"


@edge_db
def test_a_refreshed_price_reaches_the_edge_within_its_s_maxage_unpurged(
    edge: Edge, stores: dict[str, Product], settings: Settings
) -> None:
    settings.EDGE_PURGE_URL = ""
    settings.CACHE_PRODUCT_TTL = 2
    settings.EDGE_STALE_WHILE_REVALIDATE = 1
    path = kettle_page(stores)
    first = twice(edge, path)[0]
    assert directive(first, "s-maxage") == 2

    refresh_kettle("19.00")
    served = [edge.get(path)]
    deadline = time.monotonic() + 30
    while shown_price(served[-1]) != "$19.00" and time.monotonic() < deadline:
        time.sleep(0.2)
        served.append(edge.get(path))

    assert shown_price(served[-1]) == "$19.00"
    assert served[0].hit and shown_price(served[0]) == "$24.99", "unpurged, the edge keeps it"
    for answer in served[:-1]:
        # The old price only from a copy within s-maxage, or its revalidation window.
        assert int(answer.headers["Age"]) <= 2 + 1


@edge_db
def test_a_variant_host_neither_poisons_nor_splits_an_entry(
    edge: Edge, stores: dict[str, Product]
) -> None:
    path = kettle_page(stores)
    canonical = f"{HOST}:{edge.port}"
    variants = ["localhost:6666", canonical.upper(), "LOCALHOST", f"{HOST}.:{edge.port}", "x."]

    first = edge.request("GET", path, headers={"Host": variants[0]})
    later = [edge.request("GET", path, headers={"Host": host}) for host in [*variants, canonical]]

    assert first.status == 200 and not first.hit
    assert "6666" not in first.text and canonical in first.text
    assert all(answer.hit and answer.body == first.body for answer in later)


@edge_db
def test_tracking_parameters_neither_split_an_entry_nor_reach_the_origin(
    edge: Edge, stores: dict[str, Product]
) -> None:
    first = edge.get("/us/search/?q=kettle&sort=price&utm_source=news&fbclid=abc")
    same = [
        edge.get("/us/search/?sort=price&q=kettle"),
        edge.get("/us/search/?gclid=1&q=kettle&utm_campaign=x&sort=price&junk"),
    ]

    assert first.status == 200 and not first.hit
    assert all(answer.hit and answer.body == first.body for answer in same)
    for parameter in ("utm_source", "fbclid", "news"):
        assert parameter not in first.text
    assert not edge.get("/us/search/?q=lamp&utm_source=news").hit


@edge_db
def test_only_the_acl_may_ban_and_only_by_surrogate_key(
    live_server: Any, stores: dict[str, Product], settings: Settings
) -> None:
    origin = f"{HOST}:{urlsplit(live_server.url).port}"
    with private_edge(origin=origin, site_url=live_server.url, purgers="192.0.2.1") as closed:
        assert closed.ban("store-US").status == 403
    with private_edge(origin=origin, site_url=live_server.url) as edge:
        path = kettle_page(stores)
        twice(edge, path)

        assert edge.ban("").status == 400
        assert edge.ban("product-US-B0KETTLE01", "$(junk)").status == 400
        assert edge.get(path).hit
        assert edge.ban("product-US-B0KETTL", "store-DE").status == 200
        assert edge.get(path).hit, "a key matches whole keys only"
        assert edge.ban("category-US-1", "product-US-B0KETTLE01").status == 200
        assert not edge.get(path).hit


@edge_db
@pytest.mark.parametrize("path", ["/us/", "/api/v1/products/?marketplace=US"])
def test_the_edge_keeps_pages_compressed_and_unpacks_them_for_clients_without_gzip(
    edge: Edge, stores: dict[str, Product], path: str
) -> None:
    plain = twice(edge, path)[1]
    packed = edge.get(path, **{"Accept-Encoding": "gzip, deflate, br"})

    assert plain.hit and packed.hit
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) / 2
    assert "Accept-Encoding" in packed.headers["Vary"]

"""No anonymous request to any URL of the site or the API gets a 5xx, whatever it holds.

The URLs are read from the URLconf, not kept by hand: every pattern is requested with path
values drawn from its converters or its regex, and with hostile values (NUL, "²", huge
numbers, long text, offsets PostgreSQL refuses) in each path parameter and in each query
parameter the views read (their FilterSets, their forms, pagination, and the names read
from `request.GET` / `query_params` in the code). Hypothesis runs derandomised with a fixed
example count, so a run is the same requests every time and lasts a minute or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import django_filters
import pytest
from django import forms
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import rule, stock_catalogue
from products.alerts.links import manage_path
from products.models import Category

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "²",
    "\u0661\u0662",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e999999",
    "NaN",
    "x" * 3000,
    "2026-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00+15:00",
    "9999-12-31T23:59:59-15:00",
    "\ud800",
    "%ED%A0%80",
    "",
    " ",
    "../../etc/passwd",
    "<script>",
]
# Read outside this project's code: DRF's format override, Swagger's split script,
# the sitemap's page.
EXTRA_PARAMETERS = {"format", "script", "p"}
SOURCE_ROOTS = ("config", "products", "ingestion")
_READ_PARAMETER = re.compile(r"""(?:GET|query_params)\.get(?:list)?\(\s*["'](\w+)["']""")
_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its path as segments (text, or a parameter's name and regex)."""

    name: str
    segments: tuple[tuple[str, str | None], ...]
    view: Any
    parameters: frozenset[str] = field(default=frozenset())

    @property
    def path_parameters(self) -> list[tuple[str, str]]:
        return [(text, regex) for text, regex in self.segments if regex is not None]


def _segments(pattern: object) -> list[tuple[str, str | None]]:
    if isinstance(pattern, RoutePattern):
        # Text and parameters alternate, in the order the route gives them.
        texts = re.split(r"<(?:\w+:)?\w+>", str(pattern))
        params = list(pattern.converters.items())
        ordered: list[tuple[str, str | None]] = []
        for index, text in enumerate(texts):
            ordered.append((text, None))
            if index < len(params):
                ordered.append((params[index][0], params[index][1].regex))
        return ordered
    assert isinstance(pattern, RegexPattern), pattern
    regex = str(pattern).removeprefix("^").removesuffix("$")
    ordered = []
    position = 0
    for match in _GROUP.finditer(regex):
        ordered.append((regex[position : match.start()].replace("\\", ""), None))
        ordered.append((match.group(1), match.group(0)))
        position = match.end()
    tail = regex[position:]
    if tail and not re.fullmatch(r"[\w/.-]*", tail):
        # A pattern with no named groups (the API's catch-all): any text after its prefix.
        ordered.append(("rest", ".*"))
    else:
        ordered.append((tail, None))
    return ordered


def _walk(resolver: URLResolver, prefix: list[tuple[str, str | None]]) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        segments = prefix + _segments(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, segments)
        elif isinstance(entry, URLPattern):
            name = "".join(text if regex is None else f"<{text}>" for text, regex in segments)
            yield Route(name or "/", tuple(segments), entry.callback, _parameters(entry.callback))


@cache
def _parameters_read_in_code() -> frozenset[str]:
    names: set[str] = set()
    base = Path(django_settings.BASE_DIR)
    for root in SOURCE_ROOTS:
        for source in (base / root).rglob("*.py"):
            if "tests" not in source.parts:
                names.update(_READ_PARAMETER.findall(source.read_text()))
    return frozenset(names)


@cache
def _form_fields() -> frozenset[str]:
    """Fields of the project's forms: views read them from GET or POST."""
    names: set[str] = set()
    pending: list[type] = [forms.Form]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith(SOURCE_ROOTS):
            names.update(getattr(form, "base_fields", {}))
    return frozenset(names)


def _parameters(callback: Any) -> frozenset[str]:
    names = set(_parameters_read_in_code() | _form_fields() | EXTRA_PARAMETERS)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None and issubclass(filterset, django_filters.FilterSet):
        names.update(filterset.base_filters)
    paginator = getattr(view, "pagination_class", None)
    for attribute in ("cursor_query_param", "page_size_query_param", "ordering_query_param"):
        if paginator is not None and getattr(paginator, attribute, None):
            names.add(getattr(paginator, attribute))
    if view is not None and getattr(view, "search_fields", None):
        names.add("search")
    return frozenset(names)


ROUTES = list(_walk(get_resolver(), []))


def _known_values() -> dict[str, str]:
    """Path values naming real rows, so hostile query parameters reach real queries."""
    catalogue = stock_catalogue()
    product = catalogue["B0KETTLE01"]
    category = Category.objects.filter(marketplace="US").order_by("-depth").first()
    assert category is not None
    collection = rule(rule_brand="Acme")
    signed_manage = manage_path("tess@example.com").rstrip("/").rsplit("/", 1)[1]
    return {
        "marketplace": product.marketplace,
        "asin": product.asin,
        "node_id": category.node_id,
        "slug": collection.slug,
        "signed": signed_manage,
        "section": "products",
        "pk": "1",
    }


def _encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _path(route: Route, values: dict[str, str]) -> str:
    parts = []
    for text, regex in route.segments:
        if regex is None:
            parts.append(text)
        else:
            value = values.get(text, "1")
            if not re.fullmatch(regex, value) and re.fullmatch(regex, value.lower()):
                value = value.lower()  # the page URLs spell the store in lower case
            parts.append(_encode(value))
    return "/" + "".join(parts)


def _query(parameters: dict[str, str]) -> str:
    return urlencode(
        {name: value.encode("utf-8", "surrogatepass") for name, value in parameters.items()}
    )


def _assert_no_server_error(client: Client, path: str, query: str) -> None:
    url = f"{path}?{query}" if query else path
    for method in ("get", "post"):
        if method == "post":
            response = client.post(path, query, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(url)
        assert response.status_code < 500, f"{method.upper()} {url[:300]}: {response.status_code}"


@pytest.fixture
def open_limits(settings: Settings) -> Settings:
    """No rate limit ends a run early: a 429 would hide what the view does."""
    settings.RATE_LIMIT_MAX_REQUESTS = 10**9
    settings.ALERTS_REQUESTS_PER_CLIENT_PER_HOUR = 10**9
    return settings


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_hostile_values_in_each_path_and_query_parameter_make_no_server_error(
    route: Route, open_limits: Settings
) -> None:
    client = Client()
    known = _known_values()
    for value in HOSTILE:
        for name, _ in route.path_parameters:
            _assert_no_server_error(client, _path(route, known | {name: value}), "")
        _assert_no_server_error(
            client, _path(route, known), _query(dict.fromkeys(route.parameters, value))
        )
    if route.name.startswith(django_settings.ADMIN_URL):
        return  # Signed out, every admin page redirects to the sign-in before reading anything.
    for name in sorted(route.parameters):
        for value in ("\x00", "²", "99999999999999999999999999", "x" * 1000):
            _assert_no_server_error(client, _path(route, known), _query({name: value}))


def _value_strategy(regex: str) -> st.SearchStrategy[str]:
    return st.one_of(st.from_regex(regex, fullmatch=True), st.sampled_from(HOSTILE), st.text())


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
@seed(15)
@hypothesis_settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_requests_make_no_server_error(
    route: Route, open_limits: Settings, data: st.DataObject
) -> None:
    values = {
        name: data.draw(_value_strategy(regex), label=name) for name, regex in route.path_parameters
    }
    parameters = data.draw(
        st.dictionaries(
            st.sampled_from(sorted(route.parameters)),
            st.one_of(st.sampled_from(HOSTILE), st.text()),
            max_size=4,
        ),
        label="query",
    )

    _assert_no_server_error(Client(), _path(route, values), _query(parameters))

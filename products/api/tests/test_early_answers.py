"""Shared API answers sent before DRF's request cycle
(products.api.early_answers.SharedAnswerHitMiddleware): the view's very bytes and headers,
only to the anonymous plain-JSON clients the view would send them to, within the limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, modify_settings
from pytest_django.fixtures import Settings
from rest_framework.views import APIView

from devtools.testkit.catalogue import fresh, manual, node
from devtools.testkit.rate_limits import rate_limit_within_one_window
from products.models import Product

pytestmark = pytest.mark.django_db

EARLY = "products.api.early_answers.SharedAnswerHitMiddleware"
ORIGIN = "https://shop.example.com"


@pytest.fixture
def views_reached(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests that reached DRF's request cycle."""
    reached: list[str] = []
    initial = APIView.initial

    def counted(self: APIView, request: Any, *args: Any, **kwargs: Any) -> None:
        reached.append(request.path)
        initial(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "initial", counted)
    return reached


@pytest.fixture
def lamp(settings: Settings) -> Product:
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    kitchen = node("US", "1", "Kitchen")
    lamp = fresh(asin="B0EARLY001", title="Desk lamp", category=kitchen)
    manual([lamp], slug="lamps")
    return lamp


def _headers(response: Any) -> dict[str, str]:
    """The headers but the request's own id, with the countdowns of Cache-Control as N."""
    found = dict(response.headers)
    del found["X-Request-ID"]
    if "Cache-Control" in found:
        found["Cache-Control"] = re.sub(r"=\d+", "=N", found["Cache-Control"])
    return found


def _public_paths(lamp: Product) -> list[str]:
    return [
        "/api/v1/products/?ordering=price",
        f"/api/v1/products/US/{lamp.asin}/",
        f"/api/v1/products/US/{lamp.asin}/prices/",
        "/api/v1/categories/?marketplace=US",
        "/api/v1/categories/US/1/",
        "/api/v1/collections/",
        "/api/v1/collections/lamps/",
    ]


def test_a_shared_answer_is_sent_early_with_the_views_bytes_and_headers(
    lamp: Product, views_reached: list[str]
) -> None:
    client = Client(headers={"origin": ORIGIN})
    for path in _public_paths(lamp):
        first = client.get(path)
        views_reached.clear()

        early = client.get(path)
        assert views_reached == [], path
        with modify_settings(MIDDLEWARE={"remove": [EARLY]}):
            # A new client loads the middleware anew.
            by_view = Client(headers={"origin": ORIGIN}).get(path)
        assert views_reached == [path.split("?")[0]]

        assert early.status_code == by_view.status_code == first.status_code == 200, path
        assert early.content == by_view.content == first.content, path
        assert _headers(early) == _headers(by_view), path
        assert early["Access-Control-Allow-Origin"] == ORIGIN
        assert early["Cache-Control"].startswith("public, max-age=0, s-maxage=")
        assert early["Vary"] == by_view["Vary"]
        assert int(early["Content-Length"]) == len(early.content)


def test_a_current_copy_is_told_so_early(lamp: Product, views_reached: list[str]) -> None:
    path = f"/api/v1/products/US/{lamp.asin}/"
    etag = Client().get(path)["ETag"]
    views_reached.clear()

    answer = Client().get(path, headers={"if-none-match": etag})

    assert answer.status_code == 304
    assert answer.content == b""
    assert views_reached == []


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"accept": "text/html"}},
        {"headers": {"accept": "application/json; indent=4"}},
        {"query": "format=json"},
        {"cookies": True},
    ],
    ids=["browsable", "indented", "format", "session-cookie"],
)
def test_what_the_view_would_render_otherwise_goes_to_the_view(
    lamp: Product, views_reached: list[str], request_kwargs: dict[str, Any]
) -> None:
    query = request_kwargs.get("query")
    path = "/api/v1/products/" + (f"?{query}" if query else "")
    client = Client()
    if request_kwargs.get("cookies"):
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    headers = request_kwargs.get("headers", {})
    client.get(path, headers=headers)
    views_reached.clear()

    client.get(path, headers=headers)

    assert views_reached == ["/api/v1/products/"]


def test_a_bad_token_is_refused_not_answered_early(lamp: Product) -> None:
    Client().get("/api/v1/products/")

    answer = Client().get("/api/v1/products/", headers={"authorization": "Token not-a-token"})

    assert answer.status_code == 401


def test_early_answers_count_toward_the_addresss_limit(
    lamp: Product, views_reached: list[str], settings: Settings
) -> None:
    limit = rate_limit_within_one_window(settings, 3)
    client = Client()
    statuses = [client.get("/api/v1/products/").status_code for _ in range(limit)]

    over = client.get("/api/v1/products/")

    assert statuses == [200] * limit
    assert views_reached == ["/api/v1/products/", "/api/v1/products/"]
    assert over.status_code == 429
    assert over.json()["code"] == "throttled"


def test_without_redis_early_answers_still_count_once_each(
    lamp: Product, views_reached: list[str], settings: Settings
) -> None:
    # Where the cache cannot count with its lookup, the request is counted on its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    limit = rate_limit_within_one_window(settings, 3)
    client = Client()
    statuses = [client.get("/api/v1/products/").status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]
    assert views_reached == ["/api/v1/products/", "/api/v1/products/"]

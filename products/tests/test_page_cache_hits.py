"""Cached pages answered before the session, authentication and messages layers
(products.page_cache.PageCacheHitMiddleware): the same answer as the view's own hit, and
never to a signed-in user or for a URL the view would key otherwise."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import fresh
from products.cache_versions import products_changed
from products.links import product_url
from products.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests that reached the session layer."""
    reached: list[str] = []
    process_request = SessionMiddleware.process_request

    def counted(self: SessionMiddleware, request: HttpRequest) -> None:
        reached.append(request.path)
        process_request(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counted)
    return reached


@pytest.fixture
def lamp(settings: Settings) -> Product:
    settings.AMAZON_MARKETPLACES = ["US", "DE"]
    return fresh(marketplace="DE", asin="B0EARLY001", title="Tischlampe", price_currency="EUR")


def _headers(response: object) -> dict[str, str]:
    """The headers but the request's own id, with s-maxage and the stale windows as N: they
    count down by the second."""
    found = dict(response.headers)  # type: ignore[attr-defined]
    del found["X-Request-ID"]
    found["Cache-Control"] = re.sub(r"=\d+", "=N", found["Cache-Control"])
    return found


def test_a_cached_page_is_answered_early_with_the_views_headers(
    client: Client, lamp: Product, sessions_read: list[str]
) -> None:
    url = product_url(lamp)
    rendered = client.get(url)
    assert rendered["X-Cache"] == "miss"
    assert sessions_read == [url]

    early = client.get(url)
    # An Authorization header keeps the early layer out: the view's own hit, for comparison.
    by_view = client.get(url, headers={"authorization": "Bearer not-a-session"})

    assert sessions_read == [url, url]
    assert early.content == by_view.content == rendered.content
    assert early["X-Cache"] == by_view["X-Cache"] == "hit"
    assert _headers(early) == _headers(by_view)
    assert early["Content-Language"] == "de"
    assert early["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert f"product-DE-{lamp.asin}" in early["Surrogate-Key"].split()
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert early[header] == rendered[header], header


def test_a_signed_in_user_never_gets_the_shared_page(
    client: Client, lamp: Product, sessions_read: list[str]
) -> None:
    url = product_url(lamp)
    client.get(url)
    client.force_login(User.objects.create_user("staff", is_staff=True))

    response = client.get(url)

    assert sessions_read == [url, url]
    assert "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_a_changed_product_is_rendered_again(
    client: Client, lamp: Product, sessions_read: list[str]
) -> None:
    url = product_url(lamp)
    client.get(url)
    products_changed([(lamp.marketplace, lamp.asin)])

    response = client.get(url)

    assert response["X-Cache"] == "miss"
    assert sessions_read == [url, url]


def test_a_parameter_the_page_ignores_goes_to_the_view(
    client: Client, lamp: Product, sessions_read: list[str]
) -> None:
    url = product_url(lamp)
    client.get(url)

    response = client.get(f"{url}?utm_source=mail")

    # The view keys the page without the parameter: its own hit, reached through every layer.
    assert response["X-Cache"] == "hit"
    assert sessions_read == [url, url]

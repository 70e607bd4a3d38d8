"""Browsers on the origins in CORS_ORIGIN may call the API, and only the API."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def origins(settings: Settings) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]


def test_an_allowed_origin_may_read_the_api(api: APIClient, origins: None) -> None:
    response = api.get("/api/v1/products/", HTTP_ORIGIN="https://shop.example.com")

    assert response["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_a_preflight_is_answered(api: APIClient, origins: None) -> None:
    response = api.options(
        "/api/v1/products/",
        HTTP_ORIGIN="https://shop.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_other_origins_and_other_paths_get_no_cors_headers(api: APIClient, origins: None) -> None:
    other = api.get("/api/v1/products/", HTTP_ORIGIN="https://evil.example.net")
    page = api.get("/", HTTP_ORIGIN="https://shop.example.com")

    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in page

"""The 500 handler: a lost database is a 503 wherever it fails; the API answers JSON."""

from __future__ import annotations

import json

from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from config.ops.server_error import server_error


def handled(path: str, error: Exception) -> HttpResponse:
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:
        # Django calls the handler inside its own except block, as here.
        return server_error(request)


def test_a_database_error_anywhere_is_a_503_page() -> None:
    response = handled("/c/us/1-x/", OperationalError("connection refused"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()
    assert "<style>" not in response.content.decode()


def test_a_database_error_under_the_api_is_json_in_the_api_shape() -> None:
    response = handled("/api/v1/products/", OperationalError("server closed the connection"))

    assert response.status_code == 503
    body = json.loads(response.content)
    assert (body["status"], body["code"], body["errors"]) == (503, "unavailable", [])


def test_other_errors_are_a_500_page_or_json() -> None:
    page = handled("/", RuntimeError("bug"))
    api = handled("/api/v1/categories/", RuntimeError("bug"))

    assert page.status_code == 500 and "Something went wrong" in page.content.decode()
    assert api.status_code == 500 and json.loads(api.content)["code"] == "error"
    assert "bug" not in page.content.decode() + api.content.decode()

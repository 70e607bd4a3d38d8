"""Oversized bodies and absurd query strings are refused before any view works on them."""

from __future__ import annotations

import json
import runpy

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from devtools.testkit.fresh_process import ROOT

pytestmark = pytest.mark.django_db


def test_an_absurd_query_string_is_414(client: Client) -> None:
    long_value = "a" * settings.MAX_QUERY_STRING_LENGTH

    assert client.get(f"/us/search/?q={long_value}").status_code == 414
    assert client.get(f"/api/v1/products/?brand={long_value}").status_code == 414
    # Health checks are answered before the limit, whatever the load balancer sends.
    assert client.get(f"/health/?x={long_value}").status_code == 200


def test_a_long_but_sane_query_string_is_served(client: Client) -> None:
    assert client.get("/us/search/?q=" + "kettle+" * 300).status_code == 200


def test_an_oversized_json_body_is_refused_with_400() -> None:
    staff = User.objects.create_superuser("staff", "staff@example.com", "pw")
    api = APIClient()
    api.force_authenticate(staff)
    entries = ["B0TEST0001"] * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 10)

    response = api.post(
        "/api/v1/imports/",
        json.dumps({"entries": entries, "marketplace": "US"}),
        content_type="application/json",
    )

    assert response.status_code == 400, response.content


def test_an_oversized_form_is_refused_with_400(client: Client) -> None:
    body = {"username": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "password": "y"}

    assert client.post("/admin/login/", body).status_code == 400


def test_gunicorn_refuses_long_request_lines_and_headers() -> None:
    configured = runpy.run_path(str(ROOT / "docker" / "gunicorn.conf.py"))

    assert configured["limit_request_line"] <= settings.MAX_QUERY_STRING_LENGTH
    assert configured["limit_request_field_size"] == 8190

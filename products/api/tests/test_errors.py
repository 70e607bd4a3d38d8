"""Every error is JSON with a status, a code, a clear message and the fields at fault."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from devtools.testkit.catalogue import fresh

pytestmark = pytest.mark.django_db


def assert_error(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/json"  # type: ignore[index]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_400_names_every_field_at_fault(api: APIClient) -> None:
    body = assert_error(
        api.get("/api/v1/products/", {"min_price": "abc", "marketplace": "XX"}), 400, "invalid"
    )

    assert {e["field"] for e in body["errors"]} == {"min_price", "marketplace"}  # type: ignore[attr-defined]
    assert "min_price" in str(body["message"]) and "marketplace" in str(body["message"])


def test_401_for_staff_endpoints_without_credentials(api: APIClient) -> None:
    response = api.get("/api/v1/runs/")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_401_for_a_bad_token_even_on_public_endpoints(api: APIClient) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert_error(api.get("/api/v1/products/"), 401, "authentication_failed")


def test_403_for_signed_in_non_staff(member_api: APIClient) -> None:
    assert_error(member_api.get("/api/v1/runs/"), 403, "permission_denied")


def test_404_for_unknown_objects_and_unknown_api_paths(api: APIClient) -> None:
    assert_error(api.get("/api/v1/products/US/B0NOTHERE0/"), 404, "not_found")
    assert_error(api.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_error(api.post("/api/v2/products/", {}), 404, "not_found")
    assert_error(api.get("/api/v1/products/US/B0NOTHERE0/extra/"), 404, "not_found")


def test_405_for_methods_an_endpoint_does_not_take(api: APIClient) -> None:
    fresh()

    response = api.post("/api/v1/products/", {"asin": "B0AAAAAAAA"})

    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_400_for_a_malformed_json_body(staff_api: APIClient) -> None:
    response = staff_api.post("/api/v1/imports/", "{not json", content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_415_for_a_body_in_another_format(staff_api: APIClient) -> None:
    response = staff_api.post("/api/v1/imports/", "<xml/>", content_type="application/xml")

    assert_error(response, 415, "unsupported_media_type")


def test_unknown_api_paths_answer_json_even_to_a_browser_write(staff: object) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(staff)  # type: ignore[arg-type]

    assert_error(browser.delete("/api/v1/watchlists/not-a-number/"), 404, "not_found")


@pytest.mark.parametrize("body_format", ["multipart", "urlencoded"])
def test_a_form_body_is_a_415_before_it_is_parsed(staff_api: APIClient, body_format: str) -> None:
    # Past Django's DATA_UPLOAD_MAX_NUMBER_FIELDS, which a form parser would trip on
    fields = {"entries": [f"B0{n:08d}" for n in range(1200)]}
    if body_format == "multipart":
        response = staff_api.post("/api/v1/imports/", fields, format="multipart")
    else:
        body = urlencode(fields, doseq=True)
        response = staff_api.post(
            "/api/v1/imports/", body, content_type="application/x-www-form-urlencoded"
        )

    assert_error(response, 415, "unsupported_media_type")


def test_a_filter_value_with_percent_signs_is_read_as_text(api: APIClient) -> None:
    response = api.get("/api/v1/products/", {"category": "%s%(x)s", "brand": "%(x)s"})

    assert response.status_code == 200
    assert response.json()["results"] == []

"""Request ids, and the one JSON access line per request that carries it."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.test import Client
from django.test.client import RequestFactory

from config.ops.request_id import request_id_for
from devtools.testkit.log_capture import captured_json_logs, messages_from

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "incoming",
    ["req-2026-11-25.0001", "0f3c1a52-2d6e-4d0b-9f9e-6f1d2b7a8c90"],
)
def test_a_well_formed_incoming_id_is_kept(incoming: str) -> None:
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=incoming)

    assert request_id_for(request) == incoming


def test_without_one_the_load_balancer_trace_root_is_used() -> None:
    request = RequestFactory().get(
        "/", HTTP_X_AMZN_TRACE_ID="Root=1-67891233-abcdef012345678912345678;Sampled=1"
    )

    assert request_id_for(request) == "1-67891233-abcdef012345678912345678"


@pytest.mark.parametrize(
    "incoming", ["", "short", "has spaces in it", 'quote"injection', "x" * 129, "line\nbreak!"]
)
def test_a_malformed_incoming_id_is_replaced(incoming: str) -> None:
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=incoming)

    generated = request_id_for(request)

    assert generated != incoming
    assert uuid.UUID(hex=generated)


def test_the_response_echoes_the_id(client: Client) -> None:
    response = client.get("/health/", HTTP_X_REQUEST_ID="lb-trace-0001")

    assert response["X-Request-ID"] == "lb-trace-0001"


def test_every_log_record_of_a_request_carries_its_id(client: Client) -> None:
    with captured_json_logs() as records:
        response = client.get("/us/", HTTP_X_REQUEST_ID="trace-abcdef-42")

    access = messages_from(records, "config.access")
    assert response.status_code == 200
    assert records
    assert {record.get("request_id") for record in records} == {"trace-abcdef-42"}
    assert len(access) == 1
    line = access[0]
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/us/"
    assert line["route"] == "/<store:marketplace>/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "timestamp" in line


def test_a_request_without_an_id_gets_a_fresh_one_logged_and_returned(client: Client) -> None:
    with captured_json_logs() as records:
        response = client.get("/no-such-page/")

    (line,) = messages_from(records, "config.access")
    assert line["status"] == 404
    assert line["route"] == "unmatched"
    assert line["request_id"] == response["X-Request-ID"]


def test_health_checks_log_at_debug_only(client: Client) -> None:
    with captured_json_logs() as records:
        client.get("/health/")

    (line,) = messages_from(records, "config.access")
    assert line["level"] == "DEBUG"


def test_records_outside_a_request_have_no_id() -> None:
    with captured_json_logs() as records:
        logging.getLogger("catalogue.test").warning("outside", extra={"count": 3})

    (line,) = messages_from(records, "catalogue.test")
    assert "request_id" not in line
    assert line["message"] == "outside"
    assert line["count"] == 3

"""Fixtures: a sandbox on a free port, clients of the real library, and raw HTTP calls."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

import pytest
from amazon_creatorsapi import AmazonCreatorsApi

from ingestion.sandbox import SandboxConfig, SandboxServer

# Small enough that the first search builds its postings in a few milliseconds.
TEST_CATALOGUE_SIZE = 2_000
PARTNER_TAG = "sandboxtest-20"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox without quotas or faults; tests switch on what they exercise."""
    config = SandboxConfig(catalogue_size=TEST_CATALOGUE_SIZE, tps=0, tpd=0)
    with SandboxServer(config) as server:
        yield server


@pytest.fixture
def client_for(sandbox: SandboxServer) -> Iterator[Callable[..., AmazonCreatorsApi]]:
    """Build AmazonCreatorsApi clients pointed at the sandbox, closed after the test."""
    clients: list[AmazonCreatorsApi] = []

    def build(version: str = "3.1", **overrides: Any) -> AmazonCreatorsApi:
        arguments: dict[str, Any] = {
            "credential_id": "sandbox-client",
            "credential_secret": "sandbox-secret",
            "version": version,
            "tag": PARTNER_TAG,
            "country": "US",
            # The library waits 1 s between calls by default; the sandbox does the metering.
            "throttling": 0,
            "retries": 0,
            "host": sandbox.url,
            "auth_endpoint": sandbox.auth_endpoint(version),
        }
        client = AmazonCreatorsApi(**(arguments | overrides))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@dataclass
class RawAnswer:
    status: int
    headers: Message
    body: Any


def raw_request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> RawAnswer:
    """An HTTP request outside the library, for what the library refuses to send."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status, answer_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    is_json = answer_headers.get("Content-Type", "").startswith("application/json")
    return RawAnswer(status, answer_headers, json.loads(raw) if is_json else raw)


def lwa_token(sandbox: SandboxServer) -> str:
    body = json.dumps(
        {
            "grant_type": "client_credentials",
            "client_id": "raw-client",
            "client_secret": "raw-secret",
            "scope": "creatorsapi::default",
        }
    ).encode()
    answer = raw_request(sandbox.auth_endpoint("3.1"), body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body
    return str(answer.body["access_token"])


@pytest.fixture
def call_api(sandbox: SandboxServer) -> Callable[..., RawAnswer]:
    """POST an operation over raw HTTP with a valid token, as the US store by default."""
    token = lwa_token(sandbox)

    def call(
        operation: str, body: dict[str, Any], *, marketplace: str | None = "www.amazon.com"
    ) -> RawAnswer:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        if marketplace is not None:
            headers["x-marketplace"] = marketplace
        url = f"{sandbox.url}/catalog/v1/{operation}"
        return raw_request(url, json.dumps(body).encode(), headers)

    return call

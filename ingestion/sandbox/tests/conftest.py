"""Fixtures: a sandbox on a free port, clients of the real library, and raw HTTP calls."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from amazon_creatorsapi import AmazonCreatorsApi

from devtools.testkit.sandbox import PARTNER_TAG, RawAnswer, lwa_token, quiet_sandbox, raw_request
from ingestion.sandbox import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox without quotas or faults; tests switch on what they exercise."""
    with quiet_sandbox() as server:
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

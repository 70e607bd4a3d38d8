"""A sandbox Creators API on a free port, and settings that point ingestion at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from pytest_django.fixtures import Settings
from redis import Redis

from ingestion.client import close_clients
from ingestion.quota import _quota
from ingestion.sandbox import SandboxConfig, SandboxServer

PARTNER_TAG = "catalogtest-20"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox without quotas or faults; tests switch on what they exercise."""
    with SandboxServer(SandboxConfig(catalogue_size=2_000, tps=0, tpd=0)) as server:
        yield server
    close_clients()


@pytest.fixture
def redis() -> Iterator[Redis]:
    """A connection to the Redis the tests use (a real server; never skipped)."""
    client = Redis.from_url(django_settings.REDIS_URL)
    yield client
    client.close()


def _forget_quota() -> None:
    if django_settings.REDIS_URL:
        client = Redis.from_url(django_settings.REDIS_URL)
        for key in client.scan_iter(match="creatorsapi:quota*"):
            client.delete(key)
        client.close()
    _quota.cache_clear()


@pytest.fixture
def creators_api(settings: Settings, sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """Settings for the sandbox, with a generous quota that starts empty."""
    settings.CREATORS_API_CREDENTIAL_ID = "catalog-test"
    settings.CREATORS_API_CREDENTIAL_SECRET = "catalog-secret"
    settings.CREATORS_API_VERSION = "3.1"
    settings.CREATORS_API_HOST = sandbox.url
    # The sandbox serves the items' images, as under `make run`.
    settings.OUTBOUND_EXTRA_ORIGINS = [sandbox.url]
    settings.CREATORS_API_AUTH_ENDPOINT = sandbox.auth_endpoint("3.1")
    settings.AMAZON_PARTNER_TAG = PARTNER_TAG
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    settings.CREATORS_API_TPS = 50.0
    settings.CREATORS_API_TPD = 100_000
    _forget_quota()
    yield sandbox
    _forget_quota()

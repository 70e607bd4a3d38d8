"""A sandbox Creators API on a free port, and settings that point ingestion at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from pytest_django.fixtures import Settings
from redis import Redis

from devtools.testkit.sandbox import forget_quota, point_settings_at, quiet_sandbox
from ingestion.api_client import close_clients
from ingestion.sandbox import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox without quotas or faults; tests switch on what they exercise."""
    with quiet_sandbox() as server:
        yield server
    close_clients()


@pytest.fixture
def redis() -> Iterator[Redis]:
    """A connection to the Redis the tests use (a real server; never skipped)."""
    client = Redis.from_url(django_settings.REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def creators_api(settings: Settings, sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """Settings for the sandbox, with a generous quota that starts empty."""
    point_settings_at(settings, sandbox)
    forget_quota()
    yield sandbox
    forget_quota()

"""A real HTTP receiver on loopback, and settings that let webhooks reach it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from devtools.loopback import free_port
from devtools.testkit.receiver import Receiver, self_signed_certificate, serve_receiver, tls_context


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1, with the settings a local receiver needs switched on."""
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    yield from serve_receiver(Receiver(port=free_port()))


@pytest.fixture
def tls_certificate(tmp_path: Path) -> Path:
    """A self-signed certificate for localhost (its key beside it, as key.pem)."""
    return self_signed_certificate(tmp_path)


@pytest.fixture
def tls_receiver(settings: Settings, tls_certificate: Path) -> Iterator[Receiver]:
    """An https receiver on localhost; plain http stays refused."""
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver(port=free_port(), scheme="https", host="localhost")
    yield from serve_receiver(receiver, tls_context(tls_certificate))

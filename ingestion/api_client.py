"""One Creators API library client per store and process, built from settings."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from amazon_creatorsapi import AmazonCreatorsApi
from django.conf import settings

from ingestion.api_errors import MissingCredentials
from products.marketplaces import MARKETPLACES

REQUIRED_SETTINGS = (
    "CREATORS_API_CREDENTIAL_ID",
    "CREATORS_API_CREDENTIAL_SECRET",
    "CREATORS_API_VERSION",
    "AMAZON_PARTNER_TAG",
)
# Empty means the library's default: Amazon's host, and the token endpoint of the version.
OPTIONAL_SETTINGS = ("CREATORS_API_HOST", "CREATORS_API_AUTH_ENDPOINT")


@dataclass(frozen=True)
class ApiSettings:
    """What a client needs from settings; hashable, so clients are cached per value."""

    credential_id: str
    credential_secret: str
    version: str
    partner_tag: str
    host: str = ""
    auth_endpoint: str = ""
    timeout: float = 10.0

    @classmethod
    def from_django(cls) -> ApiSettings:
        """Read the Creators API settings, naming every required one that is missing."""
        value = {name: _setting(name) for name in (*REQUIRED_SETTINGS, *OPTIONAL_SETTINGS)}
        missing = [name for name in REQUIRED_SETTINGS if not value[name]]
        if missing:
            raise MissingCredentials(
                f"Creators API settings missing: {', '.join(missing)} (set them in the environment)"
            )
        return cls(
            credential_id=value["CREATORS_API_CREDENTIAL_ID"],
            credential_secret=value["CREATORS_API_CREDENTIAL_SECRET"],
            version=value["CREATORS_API_VERSION"],
            partner_tag=value["AMAZON_PARTNER_TAG"],
            host=value["CREATORS_API_HOST"],
            auth_endpoint=value["CREATORS_API_AUTH_ENDPOINT"],
            timeout=float(getattr(settings, "CREATORS_API_TIMEOUT", cls.timeout)),
        )


def _setting(name: str) -> str:
    """A setting as stripped text; absent reads as empty, which from_django reports by name."""
    return str(getattr(settings, name, "") or "").strip()


class _ClientCache:
    """One library client per (settings, store) per process; its connection pool is reused."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[tuple[ApiSettings, str], AmazonCreatorsApi] = {}

    def get(self, *, api_settings: ApiSettings, store: str) -> AmazonCreatorsApi:
        with self._lock:
            client = self._clients.get((api_settings, store))
            if client is None:
                client = self._clients[(api_settings, store)] = _build_client(
                    api_settings=api_settings, store=store
                )
            return client

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def forget(self) -> None:
        """After fork: the parent's sockets and lock are not this process's to use."""
        self._lock = threading.Lock()
        self._clients = {}


_clients = _ClientCache()
os.register_at_fork(after_in_child=_clients.forget)


def creators_client(*, marketplace: str, api_settings: ApiSettings) -> AmazonCreatorsApi:
    """The process's client for a marketplace code (US, UK, ...), built on first use."""
    return _clients.get(api_settings=api_settings, store=_store(marketplace))


def close_clients() -> None:
    """Release every cached client's connections (worker shutdown)."""
    _clients.close()


def _build_client(*, api_settings: ApiSettings, store: str) -> AmazonCreatorsApi:
    optional: dict[str, Any] = {}
    if api_settings.host:
        optional["host"] = api_settings.host
    if api_settings.auth_endpoint:
        optional["auth_endpoint"] = api_settings.auth_endpoint
    # The shared Redis quota paces every process, so the library's own per-client pause
    # (1 s by default) is off, and its retries are too: a retry sleeping inside the library
    # would hold a worker and skip the quota; callers retry Throttled/Transient instead.
    return AmazonCreatorsApi(
        credential_id=api_settings.credential_id,
        credential_secret=api_settings.credential_secret,
        version=api_settings.version,
        tag=api_settings.partner_tag,
        marketplace=store,
        throttling=0,
        retries=0,
        # The same bound for connecting and for each read: a hung API becomes Transient.
        timeout=(api_settings.timeout, api_settings.timeout),
        **optional,
    )


def _store(marketplace: str) -> str:
    """The `x-marketplace` value for a marketplace code."""
    try:
        return MARKETPLACES[marketplace].domain
    except KeyError:
        raise ValueError(f"unknown marketplace code {marketplace!r}") from None

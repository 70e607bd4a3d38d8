"""One Creators API library client per (credential, store) and process, built from settings."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from amazon_creatorsapi import AmazonCreatorsApi
from django.conf import settings

from config.settings.amazon import region_variable
from ingestion.api_errors import MissingCredentials
from ingestion.regions import store_region
from products.marketplaces import MARKETPLACES


@dataclass(frozen=True)
class ApiSettings:
    """What one store's requests need: its partner tag and its region's credential; hashable,
    so clients are cached per value, that is per (credential, store)."""

    marketplace: str
    partner_tag: str
    region: str
    credential_id: str
    credential_secret: str
    version: str
    host: str = ""
    auth_endpoint: str = ""
    timeout: float = 10.0

    @classmethod
    def from_django(cls, marketplace: str) -> ApiSettings:
        """The store's settings, naming what is missing (only when no Amazon account is
        configured at all: start-up refuses a partial one)."""
        if marketplace not in MARKETPLACES:
            raise ValueError(f"unknown marketplace code {marketplace!r}")
        region = store_region(marketplace)
        tag = str(settings.AMAZON_PARTNER_TAGS.get(marketplace, "")).strip()
        credential: dict[str, Any] = settings.CREATORS_API_CREDENTIALS.get(region, {})
        missing = [] if tag else [f"AMAZON_PARTNER_TAGS ({marketplace})"]
        if not (credential.get("credential_id") and credential.get("credential_secret")):
            missing.append(
                f"{region_variable(region, 'CREDENTIAL_ID')} and _CREDENTIAL_SECRET "
                f"({marketplace} is in {region})"
            )
        if missing:
            raise MissingCredentials(
                f"Creators API settings missing: {', '.join(missing)} (set them in the environment)"
            )
        return cls(
            marketplace=marketplace,
            partner_tag=tag,
            region=region,
            credential_id=credential["credential_id"],
            credential_secret=credential["credential_secret"],
            version=credential["version"],
            # Empty means the library's default: Amazon's host.
            host=str(getattr(settings, "CREATORS_API_HOST", "") or "").strip(),
            auth_endpoint=credential.get("auth_endpoint", ""),
            timeout=float(getattr(settings, "CREATORS_API_TIMEOUT", cls.timeout)),
        )


class _ClientCache:
    """One library client per (credential, store) per process; its connection pool is reused.

    Each client holds its own OAuth2 token (the library keeps the token manager private to
    the client), so a process caches a token per (credential, store): a worker carrying UK
    and DE asks the EU token endpoint twice an hour, not once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[ApiSettings, AmazonCreatorsApi] = {}

    def get(self, api_settings: ApiSettings) -> AmazonCreatorsApi:
        with self._lock:
            client = self._clients.get(api_settings)
            if client is None:
                client = self._clients[api_settings] = _build_client(api_settings)
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


def creators_client(api_settings: ApiSettings) -> AmazonCreatorsApi:
    """The process's client for a store's settings, built on first use."""
    return _clients.get(api_settings)


def close_clients() -> None:
    """Release every cached client's connections (worker shutdown)."""
    _clients.close()


def _build_client(api_settings: ApiSettings) -> AmazonCreatorsApi:
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
        marketplace=_store(api_settings.marketplace),
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

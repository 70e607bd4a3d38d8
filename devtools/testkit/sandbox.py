"""The sandbox Creators API as the tests reach it: settings, environment, raw HTTP calls."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from io import StringIO
from typing import Any

from django.conf import settings as django_settings
from django.core.management import call_command
from pytest_django.fixtures import Settings
from redis import Redis

from ingestion.quota import _quota
from ingestion.sandbox import SandboxConfig, SandboxServer

PARTNER_TAG = "catalogtest-20"
# The stores the tests carry, each with its own tag, in two credential regions.
PARTNER_TAGS = {"US": PARTNER_TAG, "UK": "catalogtest-21"}
STORE_REGIONS = {"US": "NA", "UK": "EU"}
CREDENTIALS = {
    "NA": ("catalog-test-na", "catalog-secret-na", "3.1"),
    "EU": ("catalog-test-eu", "catalog-secret-eu", "3.2"),
}
# Small enough that the first search builds its postings in a few milliseconds.
TEST_CATALOGUE_SIZE = 2_000


def quiet_sandbox() -> SandboxServer:
    """A sandbox without quotas or faults; tests switch on what they exercise."""
    return SandboxServer(SandboxConfig(catalogue_size=TEST_CATALOGUE_SIZE, tps=0, tpd=0))


def forget_quota() -> None:
    """Empty the shared token bucket, so no test inherits another's spent requests."""
    if django_settings.REDIS_URL:
        client = Redis.from_url(django_settings.REDIS_URL)
        for key in client.scan_iter(match="creatorsapi:quota*"):
            client.delete(key)
        client.close()
    _quota.cache_clear()


def point_settings_at(settings: Settings, sandbox: SandboxServer) -> None:
    """Settings for the sandbox: US and UK with their own tags and regions' credentials, and
    a generous quota (CREATORS_API_TPS / _TPD, which every region defaults to)."""
    settings.AMAZON_MARKETPLACES = list(PARTNER_TAGS)
    settings.AMAZON_PARTNER_TAGS = dict(PARTNER_TAGS)
    settings.CREATORS_API_REGIONS = dict(STORE_REGIONS)
    settings.CREATORS_API_CREDENTIALS = {
        region: {
            "region": region,
            "credential_id": credential_id,
            "credential_secret": secret,
            "version": version,
            "auth_endpoint": sandbox.auth_endpoint(version),
        }
        for region, (credential_id, secret, version) in CREDENTIALS.items()
    }
    settings.CREATORS_API_HOST = sandbox.url
    # The sandbox serves the items' images, as under `make run`.
    settings.OUTBOUND_EXTRA_ORIGINS = [sandbox.url]
    settings.CREATORS_API_TPS = 50.0
    settings.CREATORS_API_TPD = 100_000


def sandbox_credentials() -> list[str]:
    """The sandbox's SANDBOX_CREDENTIALS for the tests' credentials: each good for its region."""
    return [f"{region}:{cid}:{secret}" for region, (cid, secret, _) in CREDENTIALS.items()]


def sandbox_env(sandbox: SandboxServer, *, tps: float) -> dict[str, str]:
    """The same settings as environment variables, for a process started by the test."""
    env = {
        "AMAZON_MARKETPLACES": ",".join(PARTNER_TAGS),
        "AMAZON_PARTNER_TAGS": ",".join(f"{code}:{tag}" for code, tag in PARTNER_TAGS.items()),
        "CREATORS_API_HOST": sandbox.url,
        "CREATORS_API_TPS": str(tps),
        "CREATORS_API_TPD": "100000",
    }
    for region, (credential_id, secret, version) in CREDENTIALS.items():
        env[f"CREATORS_API_{region}_CREDENTIAL_ID"] = credential_id
        env[f"CREATORS_API_{region}_CREDENTIAL_SECRET"] = secret
        env[f"CREATORS_API_{region}_VERSION"] = version
        env[f"CREATORS_API_{region}_AUTH_ENDPOINT"] = sandbox.auth_endpoint(version)
    return env


def sent(sandbox: SandboxServer, operation: str = "getItems") -> int:
    """How many `operation` requests the sandbox has answered."""
    return int(sandbox.stats()["by_operation"].get(operation, 0))


def import_asins(sandbox: SandboxServer, count: int, *, start: int = 1) -> list[str]:
    """Import `count` sandbox ASINs that are not variation parents, as `ingest_asins` does."""
    catalogue = sandbox.catalogue
    asins = list(catalogue.asins("US", start=start, stop=start + count * 2))
    chosen = [a for a in asins if not catalogue.is_parent(_index_of(sandbox, a))][:count]
    call_command("ingest_asins", *chosen, stdout=StringIO())
    return chosen


def _index_of(sandbox: SandboxServer, asin: str) -> int:
    index = sandbox.catalogue.index_of(asin)
    assert index is not None
    return index


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


def lwa_token(
    sandbox: SandboxServer, *, credential: tuple[str, str] = ("raw-client", "raw-secret")
) -> str:
    """A bearer token from the sandbox's OAuth2 endpoint for a credential (id, secret), asked
    for over raw HTTP."""
    credential_id, secret = credential
    body = json.dumps(
        {
            "grant_type": "client_credentials",
            "client_id": credential_id,
            "client_secret": secret,
            "scope": "creatorsapi::default",
        }
    ).encode()
    answer = raw_request(sandbox.auth_endpoint("3.1"), body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body
    return str(answer.body["access_token"])

"""The Associates account as settings: a partner tag per store, a Creators API credential
per region. Pure functions over the environment, so every refusal is unit-tested.

Amazon credits a sale only to a tracking ID of that store's programme, and issues API
credentials per region (NA / EU / FE): a request for a store carries that store's tag and
is authorised by its region's credential.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from amazon_creatorsapi.core.oauth import VERSION_ENDPOINTS
from django.core.exceptions import ImproperlyConfigured

from products.marketplaces import MARKETPLACES

REGIONS = ("NA", "EU", "FE")
# The credential versions of each region (amazon_creatorsapi.core.oauth.VERSION_ENDPOINTS):
# 2.x are Amazon Cognito, 3.x Login with Amazon. The last is the default: Amazon has issued
# only 3.x credentials since February 2026.
REGION_VERSIONS = {"NA": ("2.1", "3.1"), "EU": ("2.2", "3.2"), "FE": ("2.3", "3.3")}

# Amazon's tracking IDs are short words like mysite-20 or mysite0d-21; the 64-character bound
# is the Creators API's limit on partnerTag.
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_LEGACY = ("CREATORS_API_CREDENTIAL_ID", "CREATORS_API_CREDENTIAL_SECRET", "CREATORS_API_VERSION")
_CREDENTIAL_PARTS = ("CREDENTIAL_ID", "CREDENTIAL_SECRET", "VERSION")
_LIMIT_PARTS = ("TPS", "TPD", "AUTH_ENDPOINT")

# An environment variable's value, stripped; unset reads as empty.
Value = Callable[[str], str]


@dataclass(frozen=True)
class AmazonAccounts:
    """What settings expose: plain dicts, so tests and the admin read them as data."""

    # Store code -> partner tag; empty when no Amazon account is configured at all.
    partner_tags: dict[str, str] = field(default_factory=dict)
    # Carried store code -> credential region.
    regions: dict[str, str] = field(default_factory=dict)
    # Region -> credential_id, credential_secret, version, auth_endpoint, tps, tpd.
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)


def region_variable(region: str, part: str) -> str:
    """`CREATORS_API_<REGION>_<PART>`, the name of one region's setting."""
    return f"CREATORS_API_{region}_{part}"


def amazon_accounts(
    environ: Mapping[str, str],
    *,
    marketplaces: Sequence[str],
    tps: float,
    tpd: int,
    auth_endpoint: str,
) -> AmazonAccounts:
    """Tags, regions and credentials of the carried stores; ImproperlyConfigured, in one line
    naming the variable, for anything missing, stray, malformed or of the wrong region.

    `tps`, `tpd` and `auth_endpoint` are the defaults (CREATORS_API_TPS, ...) of every region.
    With no tag and no credential set at all the result is empty: the site runs without an
    Amazon account, and ingestion says it is not configured.
    """
    value = _reader(environ)
    regions = store_regions(value("CREATORS_API_REGIONS"), marketplaces=marketplaces)
    carried_regions = list(dict.fromkeys(regions.values()))
    tags = _partner_tags(value, marketplaces=marketplaces)
    legacy = any(value(name) for name in _LEGACY)
    per_region = {r: [n for n in _region_names(r) if value(n)] for r in REGIONS}
    for region, names in per_region.items():
        if names and region not in carried_regions:
            raise ImproperlyConfigured(
                f"{names[0]} is set, but no carried store is in {region} "
                f"(AMAZON_MARKETPLACES={','.join(marketplaces)}; "
                f"regions {_describe(regions)}): remove it"
            )
    if not tags and not legacy and not any(per_region.values()):
        return AmazonAccounts(regions=regions)
    missing = [code for code in marketplaces if code not in tags]
    if missing:
        raise ImproperlyConfigured(
            f"AMAZON_PARTNER_TAGS has no tag for {', '.join(missing)}, which "
            "AMAZON_MARKETPLACES carries: give each carried store its tag (US:site-20,UK:site-21)"
        )
    legacy_names = (
        _legacy_names(value, regions=regions, carried_regions=carried_regions) if legacy else None
    )
    credentials = {
        region: _credential(
            value,
            region=region,
            names=legacy_names or _region_credential_names(region),
            stores=[code for code, r in regions.items() if r == region],
            defaults=(tps, tpd, auth_endpoint),
        )
        for region in carried_regions
    }
    return AmazonAccounts(partner_tags=tags, regions=regions, credentials=credentials)


def store_regions(raw: str, *, marketplaces: Sequence[str]) -> dict[str, str]:
    """Each carried store's credential region: products/marketplaces.py, overridden by
    CREATORS_API_REGIONS=IN:FE (sources disagree on India)."""
    overrides = _entries("CREATORS_API_REGIONS", raw, marketplaces=marketplaces)
    for code, region in overrides.items():
        if region.upper() not in REGIONS:
            raise ImproperlyConfigured(
                f"CREATORS_API_REGIONS is invalid ({raw!r}): {code}'s region {region!r} is not "
                f"one of {', '.join(REGIONS)}"
            )
    return {code: overrides.get(code, MARKETPLACES[code].region).upper() for code in marketplaces}


def _partner_tags(value: Value, *, marketplaces: Sequence[str]) -> dict[str, str]:
    raw, single = value("AMAZON_PARTNER_TAGS"), value("AMAZON_PARTNER_TAG")
    if raw and single:
        raise ImproperlyConfigured(
            "AMAZON_PARTNER_TAG and AMAZON_PARTNER_TAGS are both set: keep AMAZON_PARTNER_TAGS"
        )
    if single:
        if len(marketplaces) > 1:
            raise ImproperlyConfigured(
                f"AMAZON_PARTNER_TAG is set, but AMAZON_MARKETPLACES carries "
                f"{', '.join(marketplaces)}: a tag earns only in its own store, so give each "
                "store its tag in AMAZON_PARTNER_TAGS (US:site-20,UK:site-21)"
            )
        tags = {marketplaces[0]: single}
        name = "AMAZON_PARTNER_TAG"
    else:
        tags = _entries("AMAZON_PARTNER_TAGS", raw, marketplaces=marketplaces)
        name = "AMAZON_PARTNER_TAGS"
    for code, tag in tags.items():
        if not _TAG.fullmatch(tag):
            raise ImproperlyConfigured(
                f"{name} is invalid ({tag!r} for {code}): a tracking ID is 1 to 64 letters, "
                "digits, dots, hyphens or underscores, like mysite-20"
            )
    return tags


def _entries(name: str, raw: str, *, marketplaces: Sequence[str]) -> dict[str, str]:
    """`CODE:value,CODE:value` for carried stores, each store once."""
    entries: dict[str, str] = {}
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        code, sep, item = (piece.strip() for piece in entry.partition(":"))
        code = code.upper()
        if not sep or not code or not item:
            raise ImproperlyConfigured(
                f"{name} is invalid ({raw!r}): {entry!r} is not STORE:value, e.g. US:site-20"
            )
        if code not in MARKETPLACES:
            raise ImproperlyConfigured(
                f"{name} is invalid ({raw!r}): {code} is not a store code "
                f"(expected one of {', '.join(MARKETPLACES)})"
            )
        if code in entries:
            raise ImproperlyConfigured(f"{name} is invalid ({raw!r}): {code} is given twice")
        if code not in marketplaces:
            raise ImproperlyConfigured(
                f"{name} names {code}, which AMAZON_MARKETPLACES "
                f"({','.join(marketplaces)}) does not carry: remove it or carry the store"
            )
        entries[code] = item
    return entries


def _legacy_names(
    value: Value, *, regions: dict[str, str], carried_regions: list[str]
) -> tuple[str, str, str]:
    """CREATORS_API_CREDENTIAL_ID/SECRET/VERSION stand for the one region carried."""
    first_legacy = next(name for name in _LEGACY if value(name))
    if len(carried_regions) > 1:
        raise ImproperlyConfigured(
            f"{first_legacy} is set, but the carried stores span regions ({_describe(regions)}) "
            "and Amazon issues a credential per region: set CREATORS_API_<REGION>_CREDENTIAL_ID, "
            "_CREDENTIAL_SECRET and _VERSION for each of them instead"
        )
    region = carried_regions[0]
    both = next((n for n in _region_credential_names(region) if value(n)), "")
    if both:
        raise ImproperlyConfigured(
            f"{first_legacy} and {both} are both set: keep the {region} variables"
        )
    return _LEGACY


def _credential(
    value: Value,
    *,
    region: str,
    names: tuple[str, str, str],
    stores: list[str],
    defaults: tuple[float, int, str],
) -> dict[str, Any]:
    id_name, secret_name, version_name = names
    for name in (id_name, secret_name):
        if not value(name):
            raise ImproperlyConfigured(
                f"{name} must be set: {', '.join(stores)} "
                f"{'is' if len(stores) == 1 else 'are'} in region {region}"
            )
    versions = REGION_VERSIONS[region]
    version = value(version_name) or versions[-1]
    if version not in versions:
        owner = next((r for r, vs in REGION_VERSIONS.items() if version in vs), "")
        raise ImproperlyConfigured(
            f"{version_name} is invalid ({version!r}): {region} credentials are versions "
            f"{' or '.join(versions)}" + (f"; {version} is {owner}'s" if owner else "")
        )
    default_tps, default_tpd, default_endpoint = defaults
    tps_name, tpd_name, endpoint_name = (region_variable(region, p) for p in _LIMIT_PARTS)
    endpoint = value(endpoint_name) or default_endpoint
    if value(endpoint_name) and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"{endpoint_name} is invalid ({endpoint!r}): expected a URL starting https://"
        )
    return {
        "region": region,
        "credential_id": value(id_name),
        "credential_secret": value(secret_name),
        "version": version,
        "auth_endpoint": endpoint or VERSION_ENDPOINTS[version],
        "tps": _positive(tps_name, value(tps_name), float, default_tps),
        "tpd": _positive(tpd_name, value(tpd_name), int, default_tpd),
    }


def _positive(name: str, raw: str, kind: type[float] | type[int], default: float) -> Any:
    if not raw:
        return default
    try:
        number = kind(raw)
    except ValueError:
        number = 0
    if not (math.isfinite(number) and number > 0):
        raise ImproperlyConfigured(f"{name} is invalid ({raw!r}): must be a positive number")
    return number


def _region_credential_names(region: str) -> tuple[str, str, str]:
    id_name, secret_name, version_name = (region_variable(region, p) for p in _CREDENTIAL_PARTS)
    return id_name, secret_name, version_name


def _region_names(region: str) -> list[str]:
    return [region_variable(region, part) for part in (*_CREDENTIAL_PARTS, *_LIMIT_PARTS)]


def _describe(regions: dict[str, str]) -> str:
    return ", ".join(f"{code} {region}" for code, region in regions.items())


def _reader(environ: Mapping[str, str]) -> Value:
    def value(name: str) -> str:
        return environ.get(name, "").strip()

    return value


def require_amazon_account(partner_tags: Mapping[str, str]) -> None:
    """Production earns nothing without a tag: the unconfigured state is refused there."""
    if not partner_tags:
        raise ImproperlyConfigured(
            "AMAZON_PARTNER_TAGS must be set in the environment, with a Creators API "
            "credential per region (CREATORS_API_<REGION>_CREDENTIAL_ID, ...)"
        )

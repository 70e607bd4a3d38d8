"""What the sandbox serves and how it misbehaves: one immutable settings object."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, get_origin, get_type_hints

import environ

from products.marketplaces import MARKETPLACES

ENV_PREFIX = "SANDBOX_"
REGIONS = ("NA", "EU", "FE")


@dataclass(frozen=True)
class SandboxConfig:
    """Every knob of the sandbox; each is also read from `SANDBOX_<NAME>` by the command."""

    seed: int = 1
    catalogue_size: int = 50_000
    marketplaces: tuple[str, ...] = field(default_factory=lambda: tuple(MARKETPLACES))
    # Amazon's starting quota (CREATORS_API.md): 1 request per second, 8,640 per day.
    # Zero or less switches a limit off.
    tps: float = 1.0
    tpd: int = 8640
    # Requests allowed back to back before the per-second limit bites; 0 means ceil(tps).
    burst: int = 0
    latency_ms: int = 0
    error_rate: float = 0.0
    malformed_rate: float = 0.0
    access_denied: bool = False
    # Answer every call 401 InvalidClient while still issuing tokens, as when Amazon stops
    # accepting an account's credentials for the API.
    credentials_refused: bool = False
    # The credentials it issues tokens for, each of a region, as REGION:id:secret; a token
    # is good only for the stores of its credential's region (401 InvalidClient otherwise),
    # as at Amazon. Empty accepts any credential for any store.
    credentials: tuple[str, ...] = ()
    # Each store's only accepted partner tag, as STORE:tag (400 InvalidPartnerTag otherwise).
    # A store not listed, or an empty list, accepts any tag.
    partner_tags: tuple[str, ...] = ()
    # A store's region, overriding products/marketplaces.py, as STORE:REGION (IN:FE).
    regions: tuple[str, ...] = ()
    token_ttl: int = 3600
    drift_period: float = 3600.0
    # Base URL browsers use for the sandbox's images; empty means the Host the client used.
    public_url: str = ""
    search_item_count_max: int = 10

    def __post_init__(self) -> None:
        for name in ("error_rate", "malformed_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        for name in ("catalogue_size", "token_ttl", "search_item_count_max"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.drift_period <= 0:
            raise ValueError("drift_period must be greater than 0")
        if self.latency_ms < 0 or self.burst < 0:
            raise ValueError("latency_ms and burst cannot be negative")
        unknown = set(self.marketplaces) - set(MARKETPLACES)
        if unknown or not self.marketplaces:
            raise ValueError(f"marketplaces must be codes from {sorted(MARKETPLACES)}")
        self.credential_regions()
        self.store_tags()
        self.store_region("US")

    def credential_regions(self) -> dict[tuple[str, str], str]:
        """(credential id, secret) -> the region it was issued for."""
        issued = {}
        for entry in self.credentials:
            region, _, rest = entry.partition(":")
            credential_id, _, secret = rest.partition(":")
            if region not in REGIONS or not credential_id or not secret:
                raise ValueError(f"credentials must be REGION:id:secret entries, not {entry!r}")
            issued[(credential_id, secret)] = region
        return issued

    def store_tags(self) -> dict[str, str]:
        """Store code -> the only partner tag its programme accepts."""
        return _store_entries("partner_tags", self.partner_tags)

    def store_region(self, code: str) -> str:
        """The credential region a store's requests must come from."""
        overrides = _store_entries("regions", self.regions)
        if any(region not in REGIONS for region in overrides.values()):
            raise ValueError(f"regions must be STORE:REGION entries with a region of {REGIONS}")
        return overrides.get(code) or MARKETPLACES[code].region

    @property
    def burst_size(self) -> int:
        """How many requests may arrive together before the per-second limit applies."""
        return self.burst or max(1, int(-(-self.tps // 1)))

    def updated(self, changes: Mapping[str, Any]) -> SandboxConfig:
        """A copy with `changes` (JSON values, by field name) applied and checked."""
        kinds = _field_kinds()
        coerced: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in kinds:
                raise ValueError(f"unknown setting {name!r}")
            coerced[name] = _coerce(name, value, kinds[name])
        return dataclasses.replace(self, **coerced)

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values."""
        values = dataclasses.asdict(self)
        values["marketplaces"] = list(self.marketplaces)
        return values


def _store_entries(name: str, entries: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for entry in entries:
        code, _, value = entry.partition(":")
        if code not in MARKETPLACES or not value:
            raise ValueError(f"{name} must be STORE:value entries, not {entry!r}")
        parsed[code] = value
    return parsed


def _field_kinds() -> dict[str, type]:
    """Each setting's declared type, reduced to bool, int, float, str or tuple."""
    hints = get_type_hints(SandboxConfig)
    return {f.name: get_origin(hints[f.name]) or hints[f.name] for f in fields(SandboxConfig)}


def _coerce(name: str, value: Any, kind: type) -> Any:
    """Accept a JSON value for a field of type `kind`, or say which field was wrong."""
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is str and isinstance(value, str):
        return value
    if kind is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"{name} must be of type {kind.__name__}")


def config_from_environment(env: environ.Env | None = None) -> SandboxConfig:
    """Settings from `SANDBOX_*` variables, defaults for the ones not set."""
    env = env or environ.Env()
    readers = {bool: env.bool, int: env.int, float: env.float, str: env.str, tuple: env.list}
    values: dict[str, Any] = {}
    for name, kind in _field_kinds().items():
        variable = ENV_PREFIX + name.upper()
        if variable in env.ENVIRON:
            value = readers[kind](variable)
            values[name] = tuple(value) if kind is tuple else value
    return SandboxConfig(**values)

"""Settings: checked on construction and on change, and read from SANDBOX_* variables."""

from __future__ import annotations

import environ
import pytest

from ingestion.sandbox.config import SandboxConfig, config_from_environment


def test_updated_accepts_json_values_and_checks_them() -> None:
    config = SandboxConfig(tps=0)

    changed = config.updated({"tps": 3, "marketplaces": ["US", "UK"], "access_denied": True})

    assert changed.tps == 3.0 and isinstance(changed.tps, float)
    assert changed.marketplaces == ("US", "UK")
    assert changed.access_denied is True
    for bad in ({"error_rate": 1.5}, {"tpd": "many"}, {"marketplaces": ["XX"]}, {"nope": 1}):
        with pytest.raises(ValueError):
            config.updated(bad)


def test_burst_defaults_to_the_per_second_rate_rounded_up() -> None:
    assert SandboxConfig(tps=1).burst_size == 1
    assert SandboxConfig(tps=2.5).burst_size == 3
    assert SandboxConfig(tps=0).burst_size == 1
    assert SandboxConfig(tps=1, burst=5).burst_size == 5


def test_environment_variables_override_defaults() -> None:
    env = environ.Env()
    env.ENVIRON = {
        "SANDBOX_SEED": "42",
        "SANDBOX_TPS": "2.5",
        "SANDBOX_TPD": "100",
        "SANDBOX_LATENCY_MS": "15",
        "SANDBOX_ERROR_RATE": "0.1",
        "SANDBOX_MALFORMED_RATE": "0.2",
        "SANDBOX_ACCESS_DENIED": "true",
        "SANDBOX_MARKETPLACES": "US,DE",
        "SANDBOX_CREDENTIALS": "NA:na-id:na-secret,EU:eu-id:eu-secret",
        "SANDBOX_PARTNER_TAGS": "US:x-20,DE:y-21",
        "SANDBOX_REGIONS": "IN:FE",
    }

    config = config_from_environment(env)

    assert (config.seed, config.tps, config.tpd, config.latency_ms) == (42, 2.5, 100, 15)
    assert (config.error_rate, config.malformed_rate) == (0.1, 0.2)
    assert config.access_denied is True
    assert config.marketplaces == ("US", "DE")
    assert config.catalogue_size == SandboxConfig().catalogue_size
    assert config.credential_regions() == {
        ("na-id", "na-secret"): "NA",
        ("eu-id", "eu-secret"): "EU",
    }
    assert config.store_tags() == {"US": "x-20", "DE": "y-21"}
    assert (config.store_region("IN"), config.store_region("DE")) == ("FE", "EU")


@pytest.mark.parametrize(
    "bad",
    [
        {"credentials": ["XX:id:secret"]},
        {"credentials": ["NA:id"]},
        {"partner_tags": ["US"]},
        {"partner_tags": ["ZZ:x-20"]},
        {"regions": ["IN:MARS"]},
    ],
)
def test_malformed_credentials_tags_and_regions_are_refused(bad: dict[str, list[str]]) -> None:
    with pytest.raises(ValueError):
        SandboxConfig().updated(bad)

"""A partner tag per store and a credential per region: what start-up accepts and refuses."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.amazon import REGION_VERSIONS, REGIONS, amazon_accounts, region_variable
from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, ROOT, run_python

THREE_STORES = ["US", "UK", "DE"]
TWO_REGIONS = {
    "AMAZON_PARTNER_TAGS": "US:site-20,UK:site-21,DE:site0d-21",
    "CREATORS_API_NA_CREDENTIAL_ID": "na-id",
    "CREATORS_API_NA_CREDENTIAL_SECRET": "na-secret",
    "CREATORS_API_NA_VERSION": "3.1",
    "CREATORS_API_EU_CREDENTIAL_ID": "eu-id",
    "CREATORS_API_EU_CREDENTIAL_SECRET": "eu-secret",
    "CREATORS_API_EU_VERSION": "2.2",
}


def accounts(env: dict[str, str], marketplaces: list[str] | None = None) -> Any:
    return amazon_accounts(
        env,
        marketplaces=marketplaces or THREE_STORES,
        tps=1.0,
        tpd=8640,
        auth_endpoint="",
    )


def refusal(env: dict[str, str], marketplaces: list[str] | None = None) -> str:
    with pytest.raises(ImproperlyConfigured) as refused:
        accounts(env, marketplaces)
    message = str(refused.value)
    assert "\n" not in message
    return message


def test_three_stores_in_two_regions_get_their_own_tags_and_credentials() -> None:
    result = accounts({**TWO_REGIONS, "CREATORS_API_EU_TPS": "2", "CREATORS_API_EU_TPD": "500"})

    assert result.partner_tags == {"US": "site-20", "UK": "site-21", "DE": "site0d-21"}
    assert result.regions == {"US": "NA", "UK": "EU", "DE": "EU"}
    assert result.credentials == {
        "NA": {
            "region": "NA",
            "credential_id": "na-id",
            "credential_secret": "na-secret",
            "version": "3.1",
            "auth_endpoint": "https://api.amazon.com/auth/o2/token",
            "tps": 1.0,
            "tpd": 8640,
        },
        "EU": {
            "region": "EU",
            "credential_id": "eu-id",
            "credential_secret": "eu-secret",
            "version": "2.2",
            "auth_endpoint": "https://creatorsapi.auth.eu-south-2.amazoncognito.com/oauth2/token",
            "tps": 2.0,
            "tpd": 500,
        },
    }


def test_a_region_defaults_to_its_3x_version_and_the_shared_auth_endpoint() -> None:
    env = {k: v for k, v in TWO_REGIONS.items() if not k.endswith("_VERSION")}

    result = amazon_accounts(
        {**env, "CREATORS_API_NA_AUTH_ENDPOINT": "http://127.0.0.1:9/na"},
        marketplaces=THREE_STORES,
        tps=5.0,
        tpd=100,
        auth_endpoint="http://127.0.0.1:9/shared",
    )

    assert result.credentials["NA"]["version"] == "3.1"
    assert result.credentials["EU"]["version"] == "3.2"
    assert result.credentials["NA"]["auth_endpoint"] == "http://127.0.0.1:9/na"
    assert result.credentials["EU"]["auth_endpoint"] == "http://127.0.0.1:9/shared"
    assert result.credentials["EU"]["tps"] == 5.0


def test_one_store_may_keep_the_single_tag_and_the_unprefixed_credential() -> None:
    result = accounts(
        {
            "AMAZON_PARTNER_TAG": "mysite-21",
            "CREATORS_API_CREDENTIAL_ID": "id",
            "CREATORS_API_CREDENTIAL_SECRET": "secret",
            "CREATORS_API_VERSION": "3.2",
        },
        ["UK"],
    )

    assert result.partner_tags == {"UK": "mysite-21"}
    assert result.credentials["EU"]["credential_id"] == "id"
    assert result.credentials["EU"]["version"] == "3.2"


def test_stores_of_one_region_may_share_the_unprefixed_credential() -> None:
    result = accounts(
        {
            "AMAZON_PARTNER_TAGS": "UK:a-21,DE:b-21",
            "CREATORS_API_CREDENTIAL_ID": "id",
            "CREATORS_API_CREDENTIAL_SECRET": "secret",
        },
        ["UK", "DE"],
    )

    assert list(result.credentials) == ["EU"]
    assert result.credentials["EU"]["version"] == "3.2"


def test_a_region_override_moves_a_store_to_another_credential() -> None:
    result = accounts(
        {
            "AMAZON_PARTNER_TAG": "india-21",
            "CREATORS_API_REGIONS": "IN:FE",
            "CREATORS_API_FE_CREDENTIAL_ID": "fe",
            "CREATORS_API_FE_CREDENTIAL_SECRET": "s",
        },
        ["IN"],
    )

    assert result.regions == {"IN": "FE"}
    assert result.credentials["FE"]["version"] == "3.3"


def test_no_tag_and_no_credential_at_all_is_the_unconfigured_site() -> None:
    result = accounts({"CREATORS_API_TPS": "3"})

    assert result.partner_tags == {}
    assert result.credentials == {}
    assert result.regions == {"US": "NA", "UK": "EU", "DE": "EU"}


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in TWO_REGIONS.items() if k != name}


@pytest.mark.parametrize(
    ("env", "marketplaces", "named"),
    [
        # A carried store without a tag.
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a-20,UK:b-21"}, None, "AMAZON_PARTNER_TAGS"),
        # A tag for a store not carried.
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a-20,UK:b-21,DE:c-21,FR:d-21"}, None, "FR"),
        # Malformed entries.
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US=a-20"}, None, "AMAZON_PARTNER_TAGS"),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:,UK:b,DE:c"}, None, "AMAZON_PARTNER_TAGS"),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "XX:a,UK:b,DE:c"}, None, "AMAZON_PARTNER_TAGS"),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a,US:b,UK:c"}, None, "twice"),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a b,UK:c,DE:d"}, None, "AMAZON_PARTNER_TAGS"),
        # The single tag with several stores, or beside the per-store tags.
        (
            {**without("AMAZON_PARTNER_TAGS"), "AMAZON_PARTNER_TAG": "a-20"},
            None,
            "AMAZON_PARTNER_TAG",
        ),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAG": "a-20"}, None, "AMAZON_PARTNER_TAG"),
        # A carried region without a credential, or with half of one.
        (without("CREATORS_API_EU_CREDENTIAL_ID"), None, "CREATORS_API_EU_CREDENTIAL_ID"),
        (without("CREATORS_API_NA_CREDENTIAL_SECRET"), None, "CREATORS_API_NA_CREDENTIAL_SECRET"),
        ({"AMAZON_PARTNER_TAGS": "US:a-20,UK:b-21,DE:c-21"}, None, "CREATORS_API_NA_CREDENTIAL_ID"),
        # A credential for a region no carried store is in.
        (
            {**TWO_REGIONS, "CREATORS_API_FE_CREDENTIAL_ID": "fe"},
            None,
            "CREATORS_API_FE_CREDENTIAL_ID",
        ),
        ({**TWO_REGIONS, "CREATORS_API_FE_TPS": "2"}, None, "CREATORS_API_FE_TPS"),
        ({"CREATORS_API_FE_CREDENTIAL_ID": "fe"}, None, "CREATORS_API_FE_CREDENTIAL_ID"),
        # A version of another region, or of none.
        ({**TWO_REGIONS, "CREATORS_API_NA_VERSION": "3.2"}, None, "CREATORS_API_NA_VERSION"),
        ({**TWO_REGIONS, "CREATORS_API_EU_VERSION": "4.2"}, None, "CREATORS_API_EU_VERSION"),
        # The unprefixed credential for stores of two regions, or beside the region's own.
        (
            {
                "AMAZON_PARTNER_TAGS": "US:a-20,UK:b-21,DE:c-21",
                "CREATORS_API_CREDENTIAL_ID": "id",
                "CREATORS_API_CREDENTIAL_SECRET": "secret",
            },
            None,
            "CREATORS_API_CREDENTIAL_ID",
        ),
        (
            {
                "AMAZON_PARTNER_TAG": "a-20",
                "CREATORS_API_CREDENTIAL_ID": "id",
                "CREATORS_API_CREDENTIAL_SECRET": "secret",
                "CREATORS_API_NA_CREDENTIAL_ID": "id2",
            },
            ["US"],
            "CREATORS_API_NA_CREDENTIAL_ID",
        ),
        # Malformed limits, endpoints and region overrides.
        ({**TWO_REGIONS, "CREATORS_API_EU_TPS": "fast"}, None, "CREATORS_API_EU_TPS"),
        ({**TWO_REGIONS, "CREATORS_API_NA_TPD": "0"}, None, "CREATORS_API_NA_TPD"),
        (
            {**TWO_REGIONS, "CREATORS_API_NA_AUTH_ENDPOINT": "api"},
            None,
            "CREATORS_API_NA_AUTH_ENDPOINT",
        ),
        ({**TWO_REGIONS, "CREATORS_API_REGIONS": "DE:XX"}, None, "CREATORS_API_REGIONS"),
        ({**TWO_REGIONS, "CREATORS_API_REGIONS": "IN:FE"}, None, "CREATORS_API_REGIONS"),
    ],
)
def test_start_up_refuses_naming_the_variable(
    env: dict[str, str], marketplaces: list[str] | None, named: str
) -> None:
    assert named in refusal(env, marketplaces)


def test_a_wrong_region_version_says_whose_it_is() -> None:
    message = refusal({**TWO_REGIONS, "CREATORS_API_NA_VERSION": "3.2"})

    assert "NA credentials are versions 2.1 or 3.1; 3.2 is EU's" in message


def test_every_region_knows_the_library_versions() -> None:
    from amazon_creatorsapi.core.oauth import VERSION_ENDPOINTS

    assert sorted(v for r in REGIONS for v in REGION_VERSIONS[r]) == sorted(VERSION_ENDPOINTS)


def test_every_variable_is_documented_in_env_example() -> None:
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    parts = ("CREDENTIAL_ID", "CREDENTIAL_SECRET", "VERSION", "TPS", "TPD", "AUTH_ENDPOINT")
    names = {
        "AMAZON_PARTNER_TAGS",
        "AMAZON_PARTNER_TAG",
        "CREATORS_API_REGIONS",
        "CREATORS_API_CREDENTIAL_ID",
        "CREATORS_API_CREDENTIAL_SECRET",
        "CREATORS_API_VERSION",
        *(region_variable(region, part) for region in REGIONS for part in parts),
    }

    assert names <= documented, f"undocumented: {sorted(names - documented)}"


# Start-up itself, in a fresh process: the settings module is imported as a server would.
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.AMAZON_PARTNER_TAGS, s.CREATORS_API_REGIONS, "
    "sorted(s.CREATORS_API_CREDENTIALS)]))"
)


def _start(settings_module: str, env: dict[str, str]) -> Any:
    return run_python(READ, settings_module=settings_module, env=env)


def test_the_settings_carry_each_stores_tag_and_region() -> None:
    result = _start("config.settings.local", {**TWO_REGIONS, "AMAZON_MARKETPLACES": "US,UK,DE"})

    assert result.returncode == 0, result.stderr
    tags, regions, credentials = json.loads(result.stdout.strip().splitlines()[-1])
    assert tags == {"US": "site-20", "UK": "site-21", "DE": "site0d-21"}
    assert regions == {"US": "NA", "UK": "EU", "DE": "EU"}
    assert credentials == ["EU", "NA"]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a-20,UK:b-21"}, "AMAZON_PARTNER_TAGS"),
        ({**TWO_REGIONS, "AMAZON_PARTNER_TAGS": "US:a,UK:b,DE:c,JP:d"}, "AMAZON_PARTNER_TAGS"),
        (without("CREATORS_API_EU_CREDENTIAL_SECRET"), "CREATORS_API_EU_CREDENTIAL_SECRET"),
        ({**TWO_REGIONS, "CREATORS_API_FE_CREDENTIAL_ID": "x"}, "CREATORS_API_FE_CREDENTIAL_ID"),
    ],
)
def test_a_missing_or_stray_tag_or_credential_stops_start_up(
    env: dict[str, str], named: str
) -> None:
    result = _start("config.settings.local", {**env, "AMAZON_MARKETPLACES": "US,UK,DE"})

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert named in last_line


def test_the_embedded_default_starts_without_an_account_but_production_does_not() -> None:
    production = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "shop.example.com"}

    local = _start("config.settings.local", {})
    refused = _start("config.settings.production", production)
    accepted = _start("config.settings.production", {**production, **AMAZON_ACCOUNT_ENV})

    assert local.returncode == 0, local.stderr
    assert json.loads(local.stdout.strip().splitlines()[-1])[0] == {}
    assert refused.returncode != 0
    assert "AMAZON_PARTNER_TAGS must be set" in refused.stderr.strip().splitlines()[-1]
    assert accepted.returncode == 0, accepted.stderr

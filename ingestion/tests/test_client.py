"""The gateway driving the real client library against the sandbox Creators API."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pytest_django.fixtures import Settings
from redis import Redis

from ingestion.access import api_access
from ingestion.api_client import ApiSettings, close_clients, creators_client
from ingestion.api_errors import (
    AccessDenied,
    AuthFailed,
    BadRequest,
    MissingCredentials,
    QuotaExhausted,
    Throttled,
    Transient,
)
from ingestion.gateway import CreatorsGateway, creators_gateway
from ingestion.mapping import item_to_record
from ingestion.quota import ProcessRequestQuota, Quota, RequestQuota
from ingestion.sandbox import SandboxServer
from products.records import Availability

pytestmark = pytest.mark.django_db

PARTNER_TAG = "gatewaytest-20"


@pytest.fixture
def api_settings(sandbox: SandboxServer) -> ApiSettings:
    return ApiSettings(
        marketplace="US",
        partner_tag=PARTNER_TAG,
        region="NA",
        credential_id="gateway-client",
        credential_secret="gateway-secret",
        version="3.1",
        host=sandbox.url,
        auth_endpoint=sandbox.auth_endpoint("3.1"),
    )


@pytest.fixture
def shared_quota(redis: Redis) -> Iterator[RequestQuota]:
    prefix = f"test:gateway:{uuid.uuid4().hex}"
    yield RequestQuota(redis, tps=100, tpd=1_000, key_prefix=prefix)
    redis.delete(f"{prefix}:bucket")


def gateway_with(api_settings: ApiSettings, quota: Quota, **options: float) -> CreatorsGateway:
    """A gateway sending every store's requests with these settings (the sandbox accepts any
    credential for any store unless told otherwise), against one quota."""
    return CreatorsGateway(
        settings_for=lambda marketplace: replace(api_settings, marketplace=marketplace),
        quota_for=lambda region: quota,
        **options,
    )


@pytest.fixture
def gateway(shared_quota: RequestQuota, api_settings: ApiSettings) -> CreatorsGateway:
    return gateway_with(api_settings, shared_quota, acquire_timeout=5)


def requests_made(sandbox: SandboxServer, operation: str) -> int:
    return int(sandbox.stats()["by_operation"].get(operation, 0))


def test_get_items_returns_camelcase_items_that_map(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    asins = list(sandbox.catalogue.asins("US", start=1, stop=4))

    outcome = gateway.get_items(marketplace="US", asins=asins)

    assert [item["asin"] for item in outcome.items] == asins
    assert outcome.errors == []
    records = [
        item_to_record(item, marketplace="US", fetched_at=datetime.now(UTC))
        for item in outcome.items
    ]
    for record in records:
        assert record.title.startswith("Sandbox")
        assert PARTNER_TAG in record.detail_page_url
        assert record.raw["asin"] == record.asin
    assert any(record.price_amount is not None for record in records)
    assert any(record.availability != Availability.UNKNOWN for record in records)


def test_missing_items_come_back_as_errors_by_asin(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    catalogue = sandbox.catalogue
    found = catalogue.asin(1)
    restricted = catalogue.asin(catalogue.restricted_range.start)
    unknown = catalogue.asin(catalogue.size + 10_000)

    outcome = gateway.get_items(marketplace="US", asins=[restricted, found, unknown])

    assert [item["asin"] for item in outcome.items] == [found]
    assert {(error.asin, error.code) for error in outcome.errors} == {
        (restricted, "ItemNotAccessible"),
        (unknown, "ItemNotFound"),
    }
    assert all(error.asin in error.message for error in outcome.errors)


def test_a_batch_with_no_item_found_reports_every_asin(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    catalogue = sandbox.catalogue
    missing = [catalogue.asin(catalogue.size + 10_000 + n) for n in range(3)]

    outcome = gateway.get_items(marketplace="US", asins=missing)

    assert outcome.items == []
    assert [error.asin for error in outcome.errors] == missing
    assert {error.code for error in outcome.errors} == {"ItemNotFound"}
    assert all(error.asin in error.message for error in outcome.errors)


def test_a_single_inaccessible_item_keeps_its_code(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    restricted = sandbox.catalogue.asin(sandbox.catalogue.restricted_range.start)

    outcome = gateway.get_items(marketplace="US", asins=[restricted])

    assert outcome.items == []
    assert [(error.asin, error.code) for error in outcome.errors] == [
        (restricted, "ItemNotAccessible")
    ]


def test_get_items_sends_ten_asins_per_request_and_one_token_each(
    sandbox: SandboxServer, gateway: CreatorsGateway, shared_quota: RequestQuota
) -> None:
    asins = list(sandbox.catalogue.asins("US", start=1, stop=24))

    outcome = gateway.get_items(marketplace="US", asins=asins + asins[:5])

    assert len(outcome.items) == 23
    assert requests_made(sandbox, "getItems") == 3
    assert gateway.requests_sent == 3
    assert shared_quota.remaining_today() == 1_000 - 3


def test_search_items_and_an_empty_page(sandbox: SandboxServer, gateway: CreatorsGateway) -> None:
    brand = item_to_record(
        gateway.get_items(marketplace="US", asins=[sandbox.catalogue.asin(1)]).items[0],
        marketplace="US",
        fetched_at=datetime.now(UTC),
    ).brand

    found = gateway.search_items(marketplace="US", keywords=brand)
    nothing = gateway.search_items(marketplace="US", keywords="zzzqqqxxyy")

    assert found.total >= len(found.items) > 0
    assert all(
        item["itemInfo"]["byLineInfo"]["brand"]["displayValue"] == brand for item in found.items
    )
    assert nothing.items == []
    assert nothing.total == 0


def test_get_variations_of_a_parent(sandbox: SandboxServer, gateway: CreatorsGateway) -> None:
    catalogue = sandbox.catalogue
    parent = next(index for index in range(0, catalogue.size, 50) if catalogue.is_parent(index))

    outcome = gateway.get_variations(marketplace="US", asin=catalogue.asin(parent))

    assert outcome.items
    assert {item["parentASIN"] for item in outcome.items} == {catalogue.asin(parent)}
    assert outcome.variation_count >= len(outcome.items)


def test_get_browse_nodes(sandbox: SandboxServer, gateway: CreatorsGateway) -> None:
    item = gateway.get_items(marketplace="US", asins=[sandbox.catalogue.asin(1)]).items[0]
    node_id = item["browseNodeInfo"]["browseNodes"][0]["id"]

    outcome = gateway.get_browse_nodes(marketplace="US", node_ids=[node_id])

    assert [node["id"] for node in outcome.nodes] == [node_id]


def test_throttled_answer_pauses_the_shared_quota(
    sandbox: SandboxServer, gateway: CreatorsGateway, shared_quota: RequestQuota
) -> None:
    # GIVEN Amazon allowing one request per second and a local quota that allows more
    sandbox.configure(tps=1, burst=1)
    asin = sandbox.catalogue.asin(1)
    gateway.get_items(marketplace="US", asins=[asin])

    # WHEN the next request comes at once
    with pytest.raises(Throttled) as throttled:
        gateway.get_items(marketplace="US", asins=[asin])

    # THEN the Retry-After pauses every worker sharing the quota
    assert throttled.value.retry_after > 0
    assert throttled.value.request_id
    assert shared_quota.try_acquire() > 0


def test_access_denied_carries_the_reason_and_logs_the_request_id(
    sandbox: SandboxServer, gateway: CreatorsGateway, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.configure(access_denied=True)

    with (
        caplog.at_level(logging.WARNING, logger="ingestion.gateway"),
        pytest.raises(AccessDenied) as denied,
    ):
        gateway.get_items(marketplace="US", asins=[sandbox.catalogue.asin(1)])

    assert denied.value.reason == "AssociateNotEligible"
    assert denied.value.request_id
    assert f"[request id: {denied.value.request_id}]" in caplog.text


def test_server_errors_are_transient(sandbox: SandboxServer, gateway: CreatorsGateway) -> None:
    sandbox.configure(error_rate=1.0)

    with pytest.raises(Transient) as transient:
        gateway.search_items(marketplace="US", keywords="sandbox")

    assert transient.value.request_id


def test_unreachable_host_is_transient(shared_quota: RequestQuota) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    api_settings = ApiSettings(
        marketplace="US",
        partner_tag=PARTNER_TAG,
        region="NA",
        credential_id="c",
        credential_secret="s",
        version="3.1",
        host=f"http://127.0.0.1:{closed_port}",
        auth_endpoint=f"http://127.0.0.1:{closed_port}/auth/o2/token",
    )
    gateway = gateway_with(api_settings, shared_quota)

    with pytest.raises(Transient):
        gateway.get_items(marketplace="US", asins=["B0DLFMFBJW"])
    close_clients()


def test_wrong_partner_tag_is_a_bad_request(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    sandbox.configure(partner_tags=["US:someone-else-20"])

    with pytest.raises(BadRequest) as refused:
        gateway.get_items(marketplace="US", asins=[sandbox.catalogue.asin(1)])

    assert refused.value.reason == "InvalidPartnerTag"
    assert refused.value.marketplace == "US"


def test_wrong_credentials_fail_authentication(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    sandbox.configure(credentials=["NA:the-real-id:the-real-secret"])

    with pytest.raises(AuthFailed) as refused:
        gateway.get_items(marketplace="US", asins=[sandbox.catalogue.asin(1)])

    assert refused.value.reason == "invalid_client"
    assert api_access("NA").blocked


def test_an_expired_token_is_refreshed_without_failing(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    asin = sandbox.catalogue.asin(1)
    gateway.get_items(marketplace="US", asins=[asin])
    sandbox.expire_tokens()

    outcome = gateway.get_items(marketplace="US", asins=[asin])

    assert [item["asin"] for item in outcome.items] == [asin]
    assert sandbox.stats()["events"]["tokens_issued"] == 2


def test_daily_budget_stops_calls_before_they_are_sent(
    sandbox: SandboxServer, api_settings: ApiSettings
) -> None:
    gateway = gateway_with(api_settings, ProcessRequestQuota(tps=100, tpd=1))
    asin = sandbox.catalogue.asin(1)
    gateway.get_items(marketplace="US", asins=[asin])

    with pytest.raises(QuotaExhausted) as exhausted:
        gateway.get_items(marketplace="US", asins=[asin])

    assert 0 < exhausted.value.resets_in <= 86_400
    assert requests_made(sandbox, "getItems") == 1


def test_malformed_items_still_parse_and_map(
    sandbox: SandboxServer, gateway: CreatorsGateway
) -> None:
    sandbox.configure(malformed_rate=1.0)
    asins = list(sandbox.catalogue.asins("US", start=1, stop=11))

    outcome = gateway.get_items(marketplace="US", asins=asins)

    assert len(outcome.items) == len(asins)
    for item in outcome.items:
        item_to_record(item, marketplace="US", fetched_at=datetime.now(UTC))


def test_clients_are_reused_per_credential_and_store(api_settings: ApiSettings) -> None:
    us = creators_client(api_settings)
    uk = creators_client(replace(api_settings, marketplace="UK", partner_tag="gatewaytest-21"))

    assert creators_client(api_settings) is us
    assert uk is not us
    assert creators_client(replace(api_settings, credential_id="other")) is not us
    assert us.marketplace == "www.amazon.com" and uk.marketplace == "www.amazon.co.uk"
    assert us.tag == PARTNER_TAG and uk.tag == "gatewaytest-21"
    assert us.throttling == 0
    assert us.retries == 0
    close_clients()
    assert creators_client(api_settings) is not us


def test_unknown_marketplace_is_refused(api_settings: ApiSettings) -> None:
    with pytest.raises(ValueError, match="unknown marketplace code 'XX'"):
        creators_client(replace(api_settings, marketplace="XX"))


def test_missing_settings_are_named_per_store(settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    settings.AMAZON_PARTNER_TAGS = {"US": "tag-20"}
    settings.CREATORS_API_REGIONS = {"US": "NA", "UK": "EU"}
    settings.CREATORS_API_CREDENTIALS = {
        "NA": {"credential_id": "id", "credential_secret": "secret", "version": "3.1"}
    }

    assert ApiSettings.from_django("US").partner_tag == "tag-20"
    with pytest.raises(MissingCredentials) as missing:
        creators_gateway().get_items(marketplace="UK", asins=["B000000001"])

    assert "AMAZON_PARTNER_TAGS (UK)" in str(missing.value)
    assert "CREATORS_API_EU_CREDENTIAL_ID" in str(missing.value)


def test_gateway_from_settings(settings: Settings, creators_api: SandboxServer) -> None:
    settings.REDIS_URL = ""
    settings.CREATORS_API_TPS = 50.0
    settings.CREATORS_API_TPD = 10

    gateway = creators_gateway()
    outcome = gateway.get_items(marketplace="US", asins=[creators_api.catalogue.asin(1)])
    uk = creators_api.catalogue.asins("UK", start=1, stop=2)
    gateway.get_items(marketplace="UK", asins=list(uk))

    assert len(outcome.items) == 1
    # Each region's credential has its own quota.
    assert gateway.quota_for("NA").remaining_today() == 9
    assert gateway.quota_for("EU").remaining_today() == 9
    assert creators_gateway().quota_for("NA") is gateway.quota_for("NA")

"""Answers the library never provokes, checked over raw HTTP: limits, error shapes, control."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from devtools.testkit.sandbox import PARTNER_TAG, RawAnswer, lwa_token, raw_request
from ingestion.sandbox import SandboxServer

CallApi = Callable[..., RawAnswer]


def test_eleven_item_ids_are_a_validation_error(sandbox: SandboxServer, call_api: CallApi) -> None:
    asins = list(sandbox.catalogue.asins(stop=11))

    answer = call_api("getItems", {"partnerTag": PARTNER_TAG, "itemIds": asins})

    assert answer.status == 400
    assert answer.body["type"] == "ValidationException"
    assert answer.body["reason"] == "FieldValidationFailed"
    assert answer.body["fieldList"][0]["name"] == "itemIds"
    assert answer.headers["x-amzn-ErrorType"] == "ValidationException"


def test_item_page_past_ten_is_a_validation_error(call_api: CallApi) -> None:
    answer = call_api("searchItems", {"partnerTag": PARTNER_TAG, "keywords": "x", "itemPage": 11})

    assert answer.status == 400
    assert answer.body["fieldList"][0]["name"] == "itemPage"


def test_variation_count_past_ten_is_a_validation_error(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    body = {"partnerTag": PARTNER_TAG, "asin": sandbox.catalogue.asin(0), "variationCount": 11}

    answer = call_api("getVariations", body)

    assert answer.status == 400
    assert answer.body["fieldList"][0]["name"] == "variationCount"


def test_malformed_item_id_is_reported_as_invalid(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    asin = sandbox.catalogue.asin(1)

    answer = call_api("getItems", {"partnerTag": PARTNER_TAG, "itemIds": [asin, "NOT-AN-ASIN"]})

    assert answer.status == 200
    assert [i["asin"] for i in answer.body["itemsResult"]["items"]] == [asin]
    assert answer.body["errors"][0]["code"] == "InvalidItemId"


def test_partner_tag_is_required_and_can_be_pinned_per_store(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    missing = call_api("getItems", {"itemIds": ["B000000000"]})
    sandbox.configure(partner_tags=["US:owned-20", "UK:owned-21"])
    asin = sandbox.catalogue.asin(1)

    def get(tag: str, store: str) -> RawAnswer:
        return call_api("getItems", {"partnerTag": tag, "itemIds": [asin]}, marketplace=store)

    foreign = get("other-20", "www.amazon.com")
    # A tag of the account's UK programme earns nothing in the US store.
    other_store = get("owned-21", "www.amazon.com")
    us, uk = get("owned-20", "www.amazon.com"), get("owned-21", "www.amazon.co.uk")
    unpinned = get("anything-22", "www.amazon.de")

    assert missing.status == 400
    assert missing.body["fieldList"][0]["name"] == "partnerTag"
    assert foreign.status == other_store.status == 400
    assert foreign.body["reason"] == other_store.body["reason"] == "InvalidPartnerTag"
    assert us.status == uk.status == unpinned.status == 200
    assert "tag=owned-21&" in uk.body["itemsResult"]["items"][0]["detailPageURL"]


def test_a_credential_serves_only_the_stores_of_its_region(sandbox: SandboxServer) -> None:
    sandbox.configure(credentials=["NA:na-id:na-secret", "EU:eu-id:eu-secret"], regions=["IN:FE"])
    na = lwa_token(sandbox, credential=("na-id", "na-secret"))
    eu = lwa_token(sandbox, credential=("eu-id", "eu-secret"))

    def get(token: str, store: str) -> RawAnswer:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "x-marketplace": store,
        }
        body = json.dumps({"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}).encode()
        return raw_request(f"{sandbox.url}/catalog/v1/getItems", body, headers)

    refused = get(na, "www.amazon.co.uk")
    moved = get(eu, "www.amazon.in")

    assert get(na, "www.amazon.com").status == get(eu, "www.amazon.co.uk").status == 200
    assert refused.status == moved.status == 401
    assert refused.body["reason"] == moved.body["reason"] == "InvalidClient"
    assert (
        "The NA credential is not authorized for www.amazon.co.uk, a EU store"
        in (refused.body["message"])
    )
    answer = raw_request(
        sandbox.auth_endpoint("3.1"),
        json.dumps(
            {
                "grant_type": "client_credentials",
                "client_id": "na-id",
                "client_secret": "eu-secret",
                "scope": "creatorsapi::default",
            }
        ).encode(),
        {"Content-Type": "application/json"},
    )
    assert answer.status == 401 and answer.body["error"] == "invalid_client"


def test_marketplace_header_is_required(call_api: CallApi) -> None:
    missing = call_api("getItems", {"partnerTag": PARTNER_TAG}, marketplace=None)
    unknown = call_api("getItems", {"partnerTag": PARTNER_TAG}, marketplace="www.example.com")

    assert missing.status == unknown.status == 400
    assert missing.body["fieldList"][0]["name"] == "x-marketplace"


def test_unknown_operation_and_unparseable_body(sandbox: SandboxServer, call_api: CallApi) -> None:
    unknown = call_api("listWidgets", {})
    headers = {"Authorization": f"Bearer {lwa_token(sandbox)}", "x-marketplace": "www.amazon.com"}
    garbled = raw_request(f"{sandbox.url}/catalog/v1/getItems", b"{not json", headers)

    assert unknown.status == 400
    assert unknown.body["reason"] == "UnknownOperation"
    assert garbled.status == 400
    assert garbled.body["reason"] == "CannotParse"


def test_calls_need_a_valid_bearer_token(sandbox: SandboxServer) -> None:
    url = f"{sandbox.url}/catalog/v1/getItems"
    body = json.dumps({"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}).encode()
    market = {"x-marketplace": "www.amazon.com"}

    missing = raw_request(url, body, market)
    forged = raw_request(url, body, market | {"Authorization": "Bearer forged"})
    # A Login with Amazon (3.x) token sent the Cognito (2.x) way.
    versioned = raw_request(
        url, body, market | {"Authorization": f"Bearer {lwa_token(sandbox)}, Version 2.1"}
    )

    assert (missing.status, missing.body["reason"]) == (401, "MissingCredential")
    assert (forged.status, forged.body["reason"]) == (401, "InvalidToken")
    assert (versioned.status, versioned.body["reason"]) == (401, "InvalidToken")
    assert missing.body["type"] == "UnauthorizedException"


def test_token_endpoints_check_encoding_and_scope(sandbox: SandboxServer) -> None:
    form = "application/x-www-form-urlencoded"
    good_form = (
        b"grant_type=client_credentials&client_id=a&client_secret=b&scope=creatorsapi/default"
    )
    wrong_scope = good_form.replace(b"creatorsapi/default", b"creatorsapi::default")

    cognito = raw_request(sandbox.auth_endpoint("2.1"), good_form, {"Content-Type": form})
    scoped = raw_request(sandbox.auth_endpoint("2.1"), wrong_scope, {"Content-Type": form})
    as_json_to_lwa = raw_request(sandbox.auth_endpoint("3.1"), good_form, {"Content-Type": form})

    assert cognito.status == 200
    assert cognito.body["expires_in"] == 3600
    assert cognito.body["access_token"]
    assert (scoped.status, scoped.body) == (400, {"error": "invalid_scope"})
    assert as_json_to_lwa.status == 400
    assert as_json_to_lwa.body["error"] == "invalid_request"


def test_every_answer_carries_a_request_id(sandbox: SandboxServer, call_api: CallApi) -> None:
    answers = [
        call_api("getItems", {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}),
        call_api("getItems", {}),
        raw_request(f"{sandbox.url}/sandbox/stats"),
    ]

    ids = {answer.headers["x-amzn-RequestId"] for answer in answers}
    assert len(ids) == 3


def test_daily_quota_answers_429_with_retry_after(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    sandbox.configure(tpd=2)
    body = {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}

    statuses = [call_api("getItems", body).status for _ in range(2)]
    refused = call_api("getItems", body)

    assert statuses == [200, 200]
    assert refused.status == 429
    assert refused.body["type"] == "ThrottleException"
    assert refused.body["quotaCode"] == "RequestsPerDay"
    assert 0 < int(refused.headers["Retry-After"]) <= 86_400


def test_per_second_quota_allows_a_burst_then_throttles(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    sandbox.configure(tps=2.0)
    body = {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}

    statuses = [call_api("getItems", body).status for _ in range(2)]
    refused = call_api("getItems", body)

    assert statuses == [200, 200]
    assert refused.status == 429
    assert refused.body["quotaCode"] == "RequestsPerSecond"
    assert refused.headers["Retry-After"] == "1"


def test_quota_is_shared_by_concurrent_requests(sandbox: SandboxServer, call_api: CallApi) -> None:
    sandbox.configure(tpd=20)
    body = {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: call_api("getItems", body).status, range(30)))

    assert statuses.count(200) == 20
    assert statuses.count(429) == 10
    stats = sandbox.stats()
    assert (stats["requests"], stats["served"], stats["throttled"]) == (30, 20, 10)


def test_config_endpoint_changes_faults_at_run_time(
    sandbox: SandboxServer, call_api: CallApi
) -> None:
    url = f"{sandbox.url}/sandbox/config"
    headers = {"Content-Type": "application/json"}

    changed = raw_request(url, json.dumps({"access_denied": True}).encode(), headers)
    denied = call_api("getItems", {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]})
    rejected = raw_request(url, json.dumps({"error_rate": 2}).encode(), headers)
    unknown = raw_request(url, json.dumps({"colour": "red"}).encode(), headers)

    assert changed.status == 200
    assert changed.body["access_denied"] is True
    assert (denied.status, denied.body["reason"]) == (403, "AssociateNotEligible")
    assert denied.body["type"] == "AccessDeniedException"
    assert rejected.status == unknown.status == 400
    assert raw_request(url).body["error_rate"] == 0.0


def test_reset_zeroes_counters_and_quota(sandbox: SandboxServer, call_api: CallApi) -> None:
    sandbox.configure(tpd=1)
    body = {"partnerTag": PARTNER_TAG, "itemIds": ["B000000000"]}
    call_api("getItems", body)

    reset = raw_request(f"{sandbox.url}/sandbox/reset", b"")
    after = call_api("getItems", body)

    assert reset.body["requests"] == 0
    assert after.status == 200


def test_index_tells_how_to_point_a_client_here(sandbox: SandboxServer) -> None:
    index = raw_request(sandbox.url + "/").body

    assert index["auth_endpoints"]["3.x"] == sandbox.auth_endpoint("3.1")
    assert index["sample_asins"] == list(sandbox.catalogue.asins(stop=5))
    assert raw_request(sandbox.url + "/nowhere").status == 404


def test_asin_listing_names_what_a_marketplace_carries(sandbox: SandboxServer) -> None:
    listed = raw_request(sandbox.url + "/sandbox/asins?marketplace=uk&start=0&stop=400").body

    assert listed["marketplace"] == "UK"
    assert listed["asins"] == list(sandbox.catalogue.asins("UK", start=0, stop=400))
    assert raw_request(sandbox.url + "/sandbox/asins?marketplace=XX").status == 400


def test_asin_listing_reads_only_ascii_numbers(sandbox: SandboxServer) -> None:
    # "²" passes str.isdigit() but not int(): it is ignored like any other non-number
    listed = raw_request(sandbox.url + "/sandbox/asins?start=%C2%B2&stop=%D9%A3").body

    assert listed["asins"] == list(sandbox.catalogue.asins("US", start=0, stop=100))

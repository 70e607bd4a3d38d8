"""The real client library, over real HTTP, parses every kind of answer the sandbox gives."""

# Every field of the SDK's models is optional. Here a None where data is expected fails the
# test with an AttributeError or TypeError, which is the check, so mypy's None warnings are off.
# mypy: disable-error-code="union-attr, index, operator, arg-type, type-var"

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from amazon_creatorsapi import AmazonCreatorsApi
from amazon_creatorsapi.errors import (
    AccessDeniedError,
    AuthenticationError,
    InvalidArgumentError,
    ItemsNotFoundError,
    RequestError,
    TooManyRequestsError,
)
from amazon_creatorsapi.models import GetItemsResource, SortBy

from devtools.testkit.sandbox import PARTNER_TAG, raw_request
from ingestion.sandbox import SandboxServer

ClientFactory = Callable[..., AmazonCreatorsApi]


def standalone_asins(sandbox: SandboxServer, count: int) -> list[str]:
    """Catalogue ASINs that are neither variation parents nor children."""
    catalogue = sandbox.catalogue
    indexes = (
        i
        for i in range(catalogue.size)
        if not catalogue.is_parent(i) and catalogue.parent_of(i) is None
    )
    return [catalogue.asin(i) for i, _ in zip(indexes, range(count), strict=False)]


def has_offers(sandbox: SandboxServer, asin: str) -> bool:
    index = sandbox.catalogue.index_of(asin)
    return index is not None and sandbox.catalogue.product(index).has_offers


@pytest.mark.parametrize("version", ["2.1", "2.2", "3.1", "3.3"])
def test_get_items_returns_full_items_for_both_credential_families(
    sandbox: SandboxServer, client_for: ClientFactory, version: str
) -> None:
    asins = standalone_asins(sandbox, 10)

    items = client_for(version).get_items(asins)

    assert [item.asin for item in items] == asins
    assert items.errors == []
    first = items[0]
    assert first.item_info.title.display_value.startswith("Sandbox ")
    assert first.item_info.by_line_info.brand.display_value
    assert first.item_info.features.display_values
    assert first.images.primary.large.width == 500
    assert first.browse_node_info.browse_nodes[0].ancestor is not None
    assert first.detail_page_url == (
        f"https://www.amazon.com/dp/{first.asin}?tag={PARTNER_TAG}&linkCode=ogi&th=1&psc=1"
    )
    priced = [i for i in items if i.offers_v2 and i.offers_v2.listings[0].price]
    assert priced, "ten standalone products should include some with a price"
    money = priced[0].offers_v2.listings[0].price.money
    assert money.currency == "USD"
    assert money.display_amount == f"${money.amount:,.2f}"
    reviewed = {
        i.asin: (i.customer_reviews.star_rating.value, i.customer_reviews.count)
        for i in items
        if i.customer_reviews
    }
    drawn = {
        asin: sandbox.catalogue.product(index).reviews
        for asin in asins
        if (index := sandbox.catalogue.index_of(asin)) is not None
    }
    assert reviewed == {asin: reviews for asin, reviews in drawn.items() if reviews is not None}
    assert reviewed, "ten standalone products should include some with reviews"
    assert sandbox.stats()["events"]["tokens_issued"] == 1


def test_get_items_prices_in_the_marketplace_currency(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    asin = next(
        asin
        for asin in standalone_asins(sandbox, 50)
        if sandbox.catalogue.classify(asin, "DE").value == "found"
    )

    items = client_for(country="DE").get_items([asin])

    assert items[0].detail_page_url.startswith(f"https://www.amazon.de/dp/{asin}?tag=")
    listing = items[0].offers_v2.listings[0] if items[0].offers_v2 else None
    if listing is not None and listing.price is not None:
        assert listing.price.money.currency == "EUR"
        assert listing.price.money.display_amount.endswith(" €")


def test_get_items_reports_missing_items_alongside_found_ones(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    found = standalone_asins(sandbox, 2)
    restricted = sandbox.catalogue.asin(sandbox.catalogue.restricted_range.start)

    items = client_for().get_items([*found, "B000000000", restricted])

    assert [item.asin for item in items] == found
    codes = {error.message.split()[2]: error.code for error in items.errors}
    assert codes == {"B000000000": "ItemNotFound", restricted: "ItemNotAccessible"}


def test_get_items_with_only_unknown_asins_raises_items_not_found(
    client_for: ClientFactory,
) -> None:
    with pytest.raises(ItemsNotFoundError, match="ItemNotFound"):
        client_for().get_items(["B000000000"])


def test_library_splits_more_than_ten_asins_into_calls_of_ten(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    asins = standalone_asins(sandbox, 23)

    items = client_for().get_items(asins)

    assert len(items) == 23
    assert sandbox.stats()["by_operation"] == {"getItems": 3}


def test_only_requested_resources_come_back(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    asin = standalone_asins(sandbox, 1)[0]

    item = client_for().get_items([asin], resources=[GetItemsResource.ITEM_INFO_DOT_TITLE])[0]

    assert item.item_info.title.display_value
    assert item.item_info.features is None
    assert item.offers_v2 is None
    assert item.images is None
    assert item.detail_page_url is not None


def test_malformed_items_still_parse(sandbox: SandboxServer, client_for: ClientFactory) -> None:
    # Fixed prices, so the only difference between the two fetches is the damage.
    sandbox.configure(drift_period=1e9)
    offered = [a for a in standalone_asins(sandbox, 60) if has_offers(sandbox, a)][:40]
    client = client_for()
    clean = client.get_items(offered)
    sandbox.configure(malformed_rate=1.0)

    damaged = client.get_items(offered)

    assert [i.asin for i in damaged] == offered
    assert all(d != c for d, c in zip(damaged, clean, strict=True))
    assert any(i.item_info is None for i in damaged)
    assert any(i.offers_v2 is not None and i.offers_v2.listings == [] for i in damaged)


def test_search_pages_and_total(sandbox: SandboxServer, client_for: ClientFactory) -> None:
    client = client_for()

    first = client.search_items(keywords="sandbox", item_count=10, item_page=1)
    second = client.search_items(keywords="sandbox", item_count=10, item_page=2)

    assert len(first.items) == len(second.items) == 10
    assert not {i.asin for i in first.items} & {i.asin for i in second.items}
    assert first.total_result_count > 100
    assert all("Sandbox" in item.item_info.title.display_value for item in first.items)


def test_search_by_browse_node_and_brand_narrow_the_results(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    client = client_for()
    everything = client.search_items(search_index="All").total_result_count

    electronics = client.search_items(search_index="Electronics", item_count=5)
    headphones = client.search_items(browse_node_id="9100101", item_count=5)
    brand = client.search_items(brand="Kestrel", item_count=5)

    assert electronics.total_result_count < everything
    assert headphones.total_result_count < electronics.total_result_count
    assert all(i.browse_node_info.browse_nodes[0].id == "9100101" for i in headphones.items)
    assert all(i.item_info.by_line_info.brand.display_value == "Kestrel" for i in brand.items)


def test_search_sorted_by_price(client_for: ClientFactory) -> None:
    result = client_for().search_items(keywords="lamp", sort_by=SortBy.PRICE_COLON_LOW_TO_HIGH)

    amounts = [i.offers_v2.listings[0].price.money.amount for i in result.items]
    assert amounts == sorted(amounts)


def test_search_without_results_raises_items_not_found(client_for: ClientFactory) -> None:
    with pytest.raises(ItemsNotFoundError, match="No results found for the search"):
        client_for().search_items(keywords="zzzqqq nothing matches this")


def test_search_over_ten_items_per_page_is_rejected(client_for: ClientFactory) -> None:
    # The SDK allows itemCount up to 100; the sandbox holds to PA-API's 10, so a client
    # that passes here fits either limit.
    with pytest.raises(InvalidArgumentError, match="itemCount"):
        client_for().search_items(keywords="sandbox", item_count=11)


def test_get_variations_pages_through_a_family(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    catalogue = sandbox.catalogue
    parent = catalogue.asin(0)
    children = [catalogue.asin(i) for i in catalogue.children(0)]
    client = client_for()

    first = client.get_variations(parent, variation_count=2, variation_page=1)
    from_child = client.get_variations(children[-1], variation_count=10)

    assert [i.asin for i in first.items] == children[:2]
    assert first.variation_summary.variation_count == len(children)
    assert first.variation_summary.page_count == -(-len(children) // 2)
    assert [i.asin for i in from_child.items] == children
    assert all(i.parent_asin == parent for i in from_child.items)
    assert {a.name for a in from_child.items[0].variation_attributes} == {
        "color_name",
        "size_name",
    }
    pairs = {tuple(a.value for a in i.variation_attributes) for i in from_child.items}
    assert len(pairs) == len(children)


def test_get_variations_of_a_product_without_variations(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    with pytest.raises(ItemsNotFoundError, match="no variations"):
        client_for().get_variations(standalone_asins(sandbox, 1)[0])


def test_get_browse_nodes_with_ancestors_children_and_errors(client_for: ClientFactory) -> None:
    nodes = client_for().get_browse_nodes(["9100000", "9100101", "1"])

    root, leaf = nodes
    assert root.is_root and root.display_name == "Electronics"
    assert {child.id for child in root.children} == {"9100100", "9100200", "9100300"}
    assert leaf.ancestor.id == "9100100"
    assert leaf.ancestor.ancestor.id == "9100000"
    assert [error.code for error in nodes.errors] == ["InvalidParameterValue"]


def test_bad_credentials_fail_the_token_request(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    sandbox.configure(credentials=["NA:expected-id:expected-secret"])

    with pytest.raises(AuthenticationError, match=r"status 401: .*invalid_client"):
        client_for("3.1").get_items(["B000000000"])
    with pytest.raises(AuthenticationError, match=r"status 400: .*invalid_client"):
        client_for("2.1").get_items(["B000000000"])
    good = client_for(credential_id="expected-id", credential_secret="expected-secret")
    assert good.get_items(standalone_asins(sandbox, 1))


def test_expired_token_is_refreshed_once_by_the_library(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    client = client_for()
    asins = standalone_asins(sandbox, 1)
    client.get_items(asins)

    sandbox.expire_tokens()
    client.get_items(asins)

    stats = sandbox.stats()
    assert stats["events"]["tokens_issued"] == 2
    assert stats["by_status"] == {"200": 2, "401": 1}


def test_throttled_call_is_retried_after_retry_after(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    sandbox.configure(tps=1.0)
    client = client_for(retries=1)
    asins = standalone_asins(sandbox, 1)
    client.get_items(asins)

    started = time.monotonic()
    client.get_items(asins)

    # Retry-After: 1, which the library honours before its single retry.
    assert time.monotonic() - started >= 0.9
    stats = sandbox.stats()
    assert stats["throttled"] == 1
    assert stats["served"] == 2


def test_throttled_call_without_retries_raises_too_many_requests(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    sandbox.configure(tpd=1)
    client = client_for()
    asins = standalone_asins(sandbox, 1)
    client.get_items(asins)

    with pytest.raises(TooManyRequestsError, match="request id"):
        client.get_items(asins)
    assert sandbox.stats()["throttled_by_operation"] == {"getItems": 1}


def test_server_errors_are_retried_then_raised(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    sandbox.configure(error_rate=1.0)

    with pytest.raises(RequestError, match="status 500 - An internal error"):
        client_for(retries=1).get_items(standalone_asins(sandbox, 1))
    assert sandbox.stats()["by_status"] == {"500": 2}


def test_lost_access_raises_access_denied_with_the_request_id(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    sandbox.configure(access_denied=True)

    with pytest.raises(AccessDeniedError, match=r"AssociateNotEligible.*request id: [0-9a-f-]{36}"):
        client_for().get_items(standalone_asins(sandbox, 1))


def test_item_images_are_served_by_the_sandbox(
    sandbox: SandboxServer, client_for: ClientFactory
) -> None:
    item = client_for().get_items(standalone_asins(sandbox, 1))[0]

    answer = raw_request(item.images.primary.medium.url)

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "image/svg+xml"
    assert b"SANDBOX" in answer.body
    assert item.asin.encode() in answer.body

"""Every store earns in its own name: three stores, three tags, two credential regions,
ingested through the sandbox (which holds each store to its tag and each credential to its
region, as Amazon does) with the real client library."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from io import StringIO
from itertools import islice
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.sandbox import sandbox_credentials
from ingestion.jobs import prices_refresh
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import Category, Product

pytestmark = pytest.mark.django_db

TAGS = {"US": "site-20", "UK": "site-21", "DE": "site0d-21"}
REGIONS = {"US": "NA", "UK": "EU", "DE": "EU"}
AMAZON_LINK = re.compile(r"https://www\.amazon\.[a-z.]+/[^\"'\s<]*")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def three_stores(settings: Settings, creators_api: SandboxServer) -> Iterator[SandboxServer]:
    """US in NA, UK and DE in EU, each with its own tag; the sandbox knows exactly those."""
    settings.AMAZON_MARKETPLACES = list(TAGS)
    settings.AMAZON_PARTNER_TAGS = dict(TAGS)
    settings.CREATORS_API_REGIONS = dict(REGIONS)
    creators_api.configure(
        credentials=sandbox_credentials(),
        partner_tags=[f"{code}:{tag}" for code, tag in TAGS.items()],
    )
    yield creators_api


def ingest(sandbox: SandboxServer, marketplace: str, count: int = 3) -> list[str]:
    """Import `count` of the store's sandbox ASINs that are not variation parents."""
    catalogue = sandbox.catalogue
    standalone = (
        asin
        for asin in catalogue.asins(marketplace, start=1)
        if not catalogue.is_parent(catalogue.index_of(asin) or 0)
    )
    asins = list(islice(standalone, count))
    call_command("ingest_asins", *asins, "--marketplace", marketplace, stdout=StringIO())
    return asins


def tags_in(text: str) -> list[tuple[str, str]]:
    """(host, tag) of every Amazon product link in a page or JSON text."""
    found = []
    for link in AMAZON_LINK.findall(unescape(text).replace("\\u0026", "&")):
        parts = urlsplit(link)
        if "/dp/" in parts.path:
            found.append((parts.netloc, parse_qs(parts.query).get("tag", [""])[0]))
    return found


def test_every_outbound_link_carries_its_own_stores_tag(
    three_stores: SandboxServer, client: Client
) -> None:
    hosts = {"US": "www.amazon.com", "UK": "www.amazon.co.uk", "DE": "www.amazon.de"}
    for code in TAGS:
        ingest(three_stores, code)

    for code, tag in TAGS.items():
        products = list(Product.objects.filter(marketplace=code))
        assert len(products) == 3
        expected = (hosts[code], tag)
        # The API's product records.
        listing = client.get("/api/v1/products/", {"marketplace": code}).json()["results"]
        assert [(r["asin"], tags_in(r["detail_page_url"])) for r in listing] == [
            (r["asin"], [expected]) for r in listing
        ]
        assert len(listing) == 3
        # The product pages: the buy button, and the JSON-LD offer of a priced product.
        offers = []
        for product in products:
            html = client.get(product.get_absolute_url()).content.decode()
            [structured] = JSON_LD.findall(html)
            offers += tags_in(json.dumps(json.loads(structured)))
            assert set(tags_in(html)) == {expected}
        assert offers and set(offers) == {expected}
        # The home and category cards lead to those pages and carry no other store's link.
        home = client.get(reverse("products:home", args=[code])).content.decode()
        category = Category.objects.filter(marketplace=code, products__isnull=False).first()
        assert category is not None
        listing_pages = home + client.get(category.get_absolute_url()).content.decode()
        assert set(tags_in(listing_pages)) <= {expected}
        assert any(product.get_absolute_url() in listing_pages for product in products)

    # The sandbox refused no tag and no credential: each request carried the right ones.
    assert three_stores.stats()["by_status"].keys() == {"200"}


def test_a_store_fetched_with_another_regions_credential_fails_and_the_run_says_why(
    three_stores: SandboxServer, settings: Settings
) -> None:
    # GIVEN UK mapped to North America, whose credential Amazon does not accept for it
    settings.CREATORS_API_REGIONS = {**REGIONS, "UK": "NA"}

    with pytest.raises(CommandError) as failed:
        ingest(three_stores, "UK", count=1)

    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED
    assert "InvalidClient" in run.message
    assert "refused the NA credential for UK" in run.message
    assert "CREATORS_API_NA_CREDENTIAL_ID" in run.message
    assert "InvalidClient" in str(failed.value)
    assert not Product.objects.exists()
    assert three_stores.stats()["by_status"]["401"] == 2, "one 401, a fresh token, one more"


def test_a_tag_sent_to_the_wrong_store_is_refused_and_the_run_names_the_setting(
    three_stores: SandboxServer, settings: Settings
) -> None:
    settings.AMAZON_PARTNER_TAGS = {**TAGS, "DE": TAGS["UK"]}

    with pytest.raises(CommandError):
        ingest(three_stores, "DE", count=1)

    run = IngestionRun.objects.get()
    assert run.status == IngestionRun.Status.FAILED
    assert "InvalidPartnerTag" in run.message and "AMAZON_PARTNER_TAGS" in run.message


def test_a_changed_tag_reaches_stored_links_at_each_products_next_refresh(
    three_stores: SandboxServer, settings: Settings
) -> None:
    [first, second] = ingest(three_stores, "UK", count=2)
    # WHEN the UK store's tag changes (a new tracking ID), at Amazon and in settings
    settings.AMAZON_PARTNER_TAGS = {**TAGS, "UK": "newsite-21"}
    three_stores.configure(
        partner_tags=[f"{code}:{tag}" for code, tag in settings.AMAZON_PARTNER_TAGS.items()]
    )

    def tag_of(asin: str) -> str:
        url = Product.objects.get(marketplace="UK", asin=asin).detail_page_url
        return parse_qs(urlsplit(url).query)["tag"][0]

    # THEN a stored link keeps the API's URL unchanged until its product is refreshed...
    assert (tag_of(first), tag_of(second)) == ("site-21", "site-21")
    Product.objects.filter(asin=first).update(price_as_of=timezone.now() - timedelta(days=1))
    run = prices_refresh(max_batches=1, older_than=timezone.now() - timedelta(hours=1))

    assert run is not None and run.status == IngestionRun.Status.SUCCEEDED
    assert (tag_of(first), tag_of(second)) == ("newsite-21", "site-21")
    # ...and the next refresh of the other brings it along.
    prices_refresh(max_batches=1, older_than=timezone.now())
    assert tag_of(second) == "newsite-21"


def test_losing_one_regions_access_pauses_only_its_stores(
    three_stores: SandboxServer, settings: Settings
) -> None:
    ingest(three_stores, "US", count=1)
    ingest(three_stores, "UK", count=1)
    # GIVEN the EU credential stops being accepted
    three_stores.configure(
        credentials=[c for c in sandbox_credentials() if c.startswith("NA:")]
        + ["EU:rotated:rotated"]
    )
    three_stores.expire_tokens()
    Product.objects.update(price_as_of=timezone.now() - timedelta(days=1))

    failed = prices_refresh(max_batches=1, older_than=timezone.now())
    us_refreshed = Product.objects.get(marketplace="US").price_as_of
    again = prices_refresh(max_batches=1, older_than=timezone.now())

    assert failed is not None and failed.status == IngestionRun.Status.FAILED
    assert "refused the EU credential" in failed.message
    # THEN the US store (NA credential) is still refreshed, and EU sends nothing more.
    assert us_refreshed is not None and us_refreshed > timezone.now() - timedelta(minutes=1)
    assert again is not None and again.status == IngestionRun.Status.SUCCEEDED
    assert again.api_requests == 1


def test_the_admin_shows_each_stores_tag_credential_quota_and_access(
    three_stores: SandboxServer, client: Client
) -> None:
    ingest(three_stores, "UK", count=2)
    client.force_login(User.objects.create_superuser("curator", "c@example.com", "pw"))

    page = client.get(reverse("admin:ingestion_apiaccess_changelist")).content.decode()

    rows = {
        code: re.search(rf'<tr class="store-{code}">(.*?)</tr>', page, re.DOTALL) for code in TAGS
    }
    uk, us = rows["UK"], rows["US"]
    assert uk is not None and us is not None and rows["DE"] is not None
    assert "<code>site-21</code>" in uk.group(1) and "EU, version 3.2" in uk.group(1)
    assert "<code>site-20</code>" in us.group(1) and "NA, version 3.1" in us.group(1)
    # One getItems for UK on the EU credential, shared with DE; none yet on NA.
    assert "1 of 100,000" in uk.group(1) and "1 of 100,000" in rows["DE"].group(1)
    assert "0 of 100,000" in us.group(1)
    assert "none recorded" in us.group(1) and "none recorded" not in uk.group(1)
    assert "allowed" in uk.group(1)

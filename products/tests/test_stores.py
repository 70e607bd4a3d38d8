"""One store per visitor: chosen in a cookie or suggested by the browser's languages; pages,
their cache and the switch that changes it."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import UK_ASINS, US_ASINS, ProductRecordFactory, two_store_catalogue
from products.category_totals.tasks import category_totals_refresh
from products.collections.models import Collection
from products.links import category_url, product_url
from products.marketplaces import MARKETPLACES
from products.models import Category, Product
from products.services import product_upsert
from products.stores import STORE_COOKIE, accept_language_ranges, store_choice

YEAR = 365 * 24 * 60 * 60

# The choice of store (a pure function)


@pytest.mark.parametrize(
    ("cookie", "header", "carried", "expected"),
    [
        (None, "en-GB,en;q=0.9", ["US", "UK", "DE"], "UK"),
        (None, "de", ["US", "UK", "DE"], "DE"),
        (None, "en-US,en;q=0.9", ["UK", "US"], "US"),
        (None, "en", ["UK", "DE", "US"], "US"),
        (None, "fr-CA,fr;q=0.9", ["US", "CA", "FR"], "CA"),
        # No French store carried but Canada's, which serves French too.
        (None, "fr", ["US", "CA"], "CA"),
        # Nothing serves the language: the first carried store.
        (None, "ja", ["UK", "DE"], "UK"),
        (None, "de-AT", ["US", "DE"], "DE"),
        # Shorter and shorter prefixes of the tag (RFC 4647 lookup).
        (None, "en-GB-oxendict", ["US", "UK"], "UK"),
        (None, "EN-gb", ["US", "UK"], "UK"),
        # English but not the UK's: the bare language's store.
        (None, "en-GB", ["DE", "US"], "US"),
        # Quality values, not order, decide; ties keep the header's order.
        (None, "en;q=0.5, de;q=0.9", ["US", "DE"], "DE"),
        (None, "de, en-GB", ["UK", "DE"], "DE"),
        (None, "de ; q=0.3 , en-GB ; q=0.7", ["DE", "UK"], "UK"),
        # q=0 means "not this one".
        (None, "de;q=0, en-GB;q=0.1", ["DE", "UK"], "UK"),
        (None, "*", ["UK", "DE"], "UK"),
        (None, "", ["UK", "DE"], "UK"),
        # A chosen store wins over the browser, if the catalogue still carries it.
        ("DE", "en-GB", ["UK", "DE"], "DE"),
        ("FR", "de", ["UK", "DE"], "DE"),
        ("de", "", ["UK", "DE"], "UK"),
        ("", "de", ["UK", "DE"], "DE"),
        ("<script>", "", ["UK", "DE"], "UK"),
    ],
)
def test_the_store_is_the_cookie_else_the_languages_else_the_first(
    cookie: str | None, header: str, carried: list[str], expected: str
) -> None:
    assert store_choice(cookie=cookie, accept_language=header, carried=carried) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("da, en-gb;q=0.8, en;q=0.7", ["da", "en-gb", "en"]),
        # A malformed entry is dropped; the rest of the header still counts.
        ("en-GB;q=abc, de;q=0.5", ["de"]),
        ("en-GB;q=1.5, de;q=0.5", ["de"]),
        ("en-GB;q=0.1234, de;q=0.5", ["de"]),
        ("en-GB;q=-1, de", ["de"]),
        ("en-GB;level=1, de", ["de"]),
        ("en-GB;q=0.5;q=0.9, de;q=0.1", ["de"]),
        ("abcdefghi, de", ["de"]),
        ("de-, -de, d e, de_DE, \x00de, é, \u017fv, \u212aa", []),
        ("de;q=0.\u0663, en", ["en"]),
        (";;;,,,;q=1", []),
        ("de;q=1.000, en;q=0.", ["de"]),
        ("x" * 5000, []),
    ],
)
def test_accept_language_is_parsed_entry_by_entry(header: str, expected: list[str]) -> None:
    assert accept_language_ranges(header) == expected


def test_a_huge_header_is_read_no_further_than_a_browser_would_send() -> None:
    header = "xx," * 5000 + "de"

    assert store_choice(cookie=None, accept_language=header, carried=["UK", "DE"]) == "UK"


def test_each_language_tag_suggests_one_store() -> None:
    owners: dict[str, list[str]] = {}
    for store in MARKETPLACES.values():
        for locale in store.locales:
            owners.setdefault(locale.lower(), []).append(store.code)

    assert {tag: codes for tag, codes in owners.items() if len(codes) > 1} == {}
    firsts = [store.locales[0] for store in MARKETPLACES.values()]
    assert len(set(firsts)) == len(firsts)


# Pages per store


@pytest.fixture
def two_stores(settings: Settings, db: None) -> dict[str, Product]:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]
    return two_store_catalogue()


def product_links(page: str) -> set[str]:
    """(store, ASIN) of the product pages a page links to."""
    return {f"{m.upper()}:{a}" for m, a in re.findall(r'href="/p/([a-z]{2})/([A-Z0-9]{10})-', page)}


def visit(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_store_home_shows_only_its_store(
    client: Client, two_stores: dict[str, Product]
) -> None:
    category_totals_refresh()
    british = visit(client, "/uk/")
    american = visit(client, "/us/")

    assert product_links(british) == {f"UK:{asin}" for asin in UK_ASINS}
    assert product_links(american) == {f"US:{asin}" for asin in US_ASINS}
    assert "Home &amp; Kitchen" in british and "Kitchen &amp; Dining" not in british
    assert "Kitchen &amp; Dining" in american and "Home &amp; Kitchen" not in american


@pytest.mark.parametrize(
    ("cookie", "accept_language", "home"),
    [
        (None, "en-GB,en;q=0.8", "/uk/"),
        (None, "en-US,en;q=0.8", "/us/"),
        # The cookie outranks the browser's languages.
        ("US", "en-GB", "/us/"),
        (None, "", "/us/"),
    ],
)
def test_slash_sends_each_visitor_to_their_stores_home_privately(
    client: Client,
    two_stores: dict[str, Product],
    cookie: str | None,
    accept_language: str,
    home: str,
) -> None:
    if cookie:
        client.cookies[STORE_COOKIE] = cookie

    response = client.get("/", headers={"accept-language": accept_language})

    assert (response.status_code, response["Location"]) == (302, home)
    assert "private" in response["Cache-Control"]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in response["Vary"].split(",")}


def test_old_store_less_addresses_lead_to_the_visitors_store(
    client: Client, two_stores: dict[str, Product]
) -> None:
    client.cookies[STORE_COOKIE] = "UK"

    search = client.get("/search/?q=kettle&utm_source=mail")
    collections = client.get("/collections/")

    assert search["Location"] == "/uk/search/?q=kettle"
    assert collections["Location"] == "/uk/collections/"
    assert "private" in search["Cache-Control"] and "private" in collections["Cache-Control"]


def test_a_store_the_catalogue_does_not_carry_has_no_pages(
    client: Client, two_stores: dict[str, Product]
) -> None:
    for url in ("/de/", "/xx/search/?q=kettle", "/de/collections/", "/store/de/"):
        assert client.get(url).status_code == 404, url


def test_the_home_pages_collections_are_its_stores(
    client: Client, two_stores: dict[str, Product]
) -> None:
    for code, title in (("US", "Kettles we like"), ("UK", "Kettles for tea")):
        Collection.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            marketplace=code,
            published=True,
            show_on_home=True,
        )

    british = visit(client, "/uk/")
    american = visit(client, "/us/")

    assert "Kettles for tea" in british and "Kettles we like" not in british
    assert "Kettles we like" in american and "Kettles for tea" not in american


def test_search_and_its_facets_count_only_the_pages_store(
    client: Client, two_stores: dict[str, Product]
) -> None:
    client.cookies[STORE_COOKIE] = "US"

    page = visit(client, "/uk/search/?q=kettle")

    results = page.split('class="results"')[1]
    assert product_links(results) == {"UK:B0KETTLE01", "UK:B0UKKETTL2"}
    facets = page.split('id="filters"')[1].split("</aside>")[0]
    brand = facets.split('id="facet-brand"')[1].split("</section>")[0]
    assert "Britkettle" in brand and "Acme" not in brand and "Brewmaster" not in brand
    assert 'id="facet-marketplace"' not in facets
    # No link of the page picks a store by parameter: the store is in its path.
    assert not re.search(r"[?&;]marketplace=", page)


def test_a_marketplace_in_the_search_url_does_not_override_the_store(
    client: Client, two_stores: dict[str, Product]
) -> None:
    page = visit(client, "/us/search/?q=kettle&marketplace=UK")

    assert product_links(page.split('class="results"')[1]) == {
        "US:B0KETTLE01",
        "US:B0KETTLE02",
        "US:B0KETTLE03",
    }


def test_another_stores_category_page_is_still_reachable_by_its_url(
    client: Client, two_stores: dict[str, Product]
) -> None:
    client.cookies[STORE_COOKIE] = "US"
    uk_kettles = Category.objects.get(marketplace="UK", node_id="391784011")

    page = visit(client, category_url(uk_kettles))

    assert product_links(page.split("<h1>")[1]) == {f"UK:{asin}" for asin in UK_ASINS}


def test_suggestions_come_from_the_pages_store(
    client: Client, two_stores: dict[str, Product]
) -> None:
    uk = client.get("/uk/search/suggest/?q=kettle", headers={"accept-language": "en-US"})
    us = client.get("/us/search/suggest/?q=kettle", headers={"accept-language": "en-GB"})

    assert {t["url"].split("/")[2] for t in uk.json()["titles"]} == {"uk"}
    assert {t["url"].split("/")[2] for t in us.json()["titles"]} == {"us"}
    assert "public" in uk["Cache-Control"] and "Vary" not in uk


def test_the_api_filters_by_marketplace_only_when_asked(
    client: Client, two_stores: dict[str, Product]
) -> None:
    client.cookies[STORE_COOKIE] = "US"

    every = client.get("/api/v1/products/", headers={"accept-language": "en-US"}).json()
    uk = client.get("/api/v1/products/?marketplace=UK").json()

    assert {p["marketplace"] for p in every["results"]} == {"US", "UK"}
    assert {p["marketplace"] for p in uk["results"]} == {"UK"}


# The page cache and shared caches


def test_a_page_is_the_same_for_every_visitor_of_its_url(
    client: Client, two_stores: dict[str, Product]
) -> None:
    # GIVEN a British visitor of the UK home, an American one of the US home, then an
    # American with a UK cookie of the UK home
    first = client.get("/uk/", headers={"accept-language": "en-GB"})
    second = client.get("/us/", headers={"accept-language": "en-US"})
    client.cookies[STORE_COOKIE] = "US"
    third = client.get("/uk/", headers={"accept-language": "en-US"})

    # THEN each URL shows its own store, and the third is the first's bytes, from cache
    assert (first["X-Cache"], second["X-Cache"], third["X-Cache"]) == ("miss", "miss", "hit")
    assert product_links(first.content.decode()) == {f"UK:{asin}" for asin in UK_ASINS}
    assert product_links(second.content.decode()) == {f"US:{asin}" for asin in US_ASINS}
    assert third.content == first.content


def test_pages_tell_shared_caches_they_may_keep_them(
    client: Client, two_stores: dict[str, Product]
) -> None:
    product = two_stores["US:B0KETTLE01"]
    for url in ("/us/", "/us/search/?q=kettle", product_url(product)):
        for state in ("miss", "hit"):
            response = client.get(url)
            assert response["X-Cache"] == state
            control = {v.strip() for v in response["Cache-Control"].split(",")}
            assert {"public", "max-age=0"} <= control, url
            assert any(v.startswith("s-maxage=") for v in control), url
            assert "Vary" not in response or "Cookie" not in response["Vary"], url
            assert "store-US" in response["Surrogate-Key"].split(), url
            assert "product-US-B0KETTLE01" in response["Surrogate-Key"].split(), url
            assert not response.cookies, url


def test_a_cacheable_page_holds_no_token_and_its_switch_no_form(
    client: Client, two_stores: dict[str, Product]
) -> None:
    page = visit(client, "/us/search/?q=kettle&utm_source=mail")

    assert "csrfmiddlewaretoken" not in page
    switch = page.split('class="store-switch"')[1].split("</nav>")[0]
    assert "<form" not in switch
    assert '<a href="/store/uk/?next=/us/search/%3Fq%3Dkettle">amazon.co.uk</a>' in switch


def test_tracking_parameters_neither_split_nor_change_a_page(
    client: Client, two_stores: dict[str, Product]
) -> None:
    plain = client.get("/us/search/?q=kettle")
    tracked = client.get("/us/search/?utm_source=mail&q=kettle&fbclid=abc&gclid=1")

    assert (plain["X-Cache"], tracked["X-Cache"]) == ("miss", "hit")
    assert tracked.content == plain.content


def test_a_forged_host_never_reaches_a_cached_page(
    client: Client, two_stores: dict[str, Product], settings: Settings
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    product = two_stores["US:B0KETTLE01"]

    forged = client.get(product_url(product), headers={"host": "localhost:6666"})
    later = client.get(product_url(product))

    assert later["X-Cache"] == "hit"
    for response in (forged, later):
        page = response.content.decode()
        assert "localhost:6666" not in page
        assert f'<link rel="canonical" href="{settings.SITE_URL}{product_url(product)}">' in page


# The switch


def test_a_header_link_switches_store_and_keeps_the_page(
    client: Client, two_stores: dict[str, Product]
) -> None:
    response = client.get("/store/uk/?next=/us/search/%3Fq%3Dkettle")

    assert (response.status_code, response["Location"]) == (302, "/uk/search/?q=kettle")
    assert response.cookies[STORE_COOKIE].value == "UK"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/")["Location"] == "/uk/"


def test_switching_sets_a_years_cookie_and_returns_to_the_page(
    client: Client, two_stores: dict[str, Product]
) -> None:
    response = client.post("/store/", {"store": "UK", "next": "/us/search/?q=kettle&sort=price"})

    assert response.status_code == 303
    assert response["Location"] == "/uk/search/?q=kettle&sort=price"
    cookie = response.cookies[STORE_COOKIE]
    assert cookie.value == "UK"
    assert cookie["max-age"] == YEAR
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert not cookie["secure"]
    assert client.get("/", headers={"accept-language": "en-US"})["Location"] == "/uk/"


def test_switching_from_a_product_page_leads_to_the_other_stores_home(
    client: Client, two_stores: dict[str, Product]
) -> None:
    product = two_stores["US:B0KETTLE01"]

    response = client.get(f"/store/uk/?next={product_url(product)}")

    assert response["Location"] == "/uk/"


def test_the_store_cookie_is_secure_where_the_session_cookie_is(
    client: Client, two_stores: dict[str, Product], settings: Settings
) -> None:
    settings.SESSION_COOKIE_SECURE = True

    response = client.post("/store/", {"store": "UK"})

    assert response.cookies[STORE_COOKIE]["secure"] is True
    assert response["Location"] == "/uk/"


@pytest.mark.parametrize("store", ["XX", "DE", "uk", "", "<b>US</b>"])
def test_an_unknown_store_is_a_clear_400(
    client: Client, two_stores: dict[str, Product], store: str
) -> None:
    response = client.post("/store/", {"store": store, "next": "/us/search/"})

    page = response.content.decode()
    assert response.status_code == 400
    assert STORE_COOKIE not in response.cookies
    assert 'role="alert"' in page
    assert "not a store this site carries" in page or "Choose a store." in page
    assert "<b>US</b>" not in page


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "ftp://testserver/",
        " //evil.example",
        "",
    ],
)
def test_switching_never_redirects_off_the_site(
    client: Client, two_stores: dict[str, Product], next_url: str
) -> None:
    response = client.post("/store/", {"store": "UK", "next": next_url})
    link = client.get("/store/uk/", {"next": next_url})

    assert response.status_code == 303
    assert response["Location"] == link["Location"] == "/uk/"
    assert response.cookies[STORE_COOKIE].value == "UK"


def test_a_same_site_absolute_next_is_followed(
    client: Client, two_stores: dict[str, Product]
) -> None:
    response = client.post("/store/", {"store": "UK", "next": "http://testserver/us/search/"})

    assert response["Location"] == "/uk/search/"


def test_get_shows_the_choice_and_changes_nothing(
    client: Client, two_stores: dict[str, Product]
) -> None:
    response = client.get("/store/?store=UK&next=/us/search/", headers={"accept-language": "de"})

    page = response.content.decode()
    assert response.status_code == 200
    assert STORE_COOKIE not in response.cookies
    assert re.search(r'<input type="radio" name="store" value="US"[^>]* checked', page)
    assert 'name="next" value="/us/search/"' in page
    assert "no-cache" in response["Cache-Control"]
    assert client.put("/store/", {"store": "UK"}).status_code == 405


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_switch_needs_this_sites_csrf_token(two_stores: dict[str, Product]) -> None:
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/store/").content.decode()

    forged = visitor.post("/store/", {"store": "UK"})
    cross_site = visitor.post(
        "/store/",
        {"store": "UK", "csrfmiddlewaretoken": _token(page)},
        headers={"origin": "https://evil.example"},
    )
    genuine = visitor.post("/store/", {"store": "UK", "csrfmiddlewaretoken": _token(page)})

    assert forged.status_code == 403 and STORE_COOKIE not in forged.cookies
    assert cross_site.status_code == 403 and STORE_COOKIE not in cross_site.cookies
    assert genuine.status_code == 303 and genuine.cookies[STORE_COOKIE].value == "UK"


def test_the_switch_is_shown_only_when_several_stores_are_carried(
    client: Client, two_stores: dict[str, Product], settings: Settings
) -> None:
    assert 'class="store-switch"' in visit(client, "/us/")

    settings.AMAZON_MARKETPLACES = ["US"]
    client.cookies[STORE_COOKIE] = "UK"

    page = visit(client, "/us/search/?q=kettle")
    assert 'class="store-switch"' not in page
    assert product_links(page.split('class="results"')[1]) == {
        "US:B0KETTLE01",
        "US:B0KETTLE02",
        "US:B0KETTLE03",
    }


# The product page


def test_the_product_page_offers_the_same_asin_in_the_other_carried_stores(
    client: Client, two_stores: dict[str, Product], settings: Settings
) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK", "DE"]
    product_upsert(
        [
            ProductRecordFactory.build(
                marketplace=code,
                asin="B0KETTLE01",
                detail_page_url=f"https://{MARKETPLACES[code].host}/dp/B0KETTLE01",
                price_display=f"{code} 21,99 €",
            )
            for code in ("DE", "FR")
        ]
    )
    us = two_stores["US:B0KETTLE01"]
    uk = two_stores["UK:B0KETTLE01"]

    page = visit(client, product_url(us))

    section = page.split('id="stores-heading"')[1].split("</section>")[0]
    stores = re.findall(r'<li><a href="(/p/[^"]+)">([^<]+)</a>', section)
    de = Product.objects.get(marketplace="DE", asin="B0KETTLE01")
    assert stores == [(product_url(uk), "amazon.co.uk"), (product_url(de), "amazon.de")]
    uk_entry, de_entry = section.split("<li>")[1:]
    assert "£19.99" in uk_entry and "as of" in uk_entry
    # The German price dates from the factory's fixed day: long stale, so never shown.
    assert "21,99" not in de_entry and "See price on Amazon" in de_entry
    assert "amazon.fr" not in section
    link = f'href="{settings.SITE_URL}{product_url(uk)}"'
    assert f'<link rel="alternate" hreflang="en-GB" {link}>' in page
    link = f'href="{settings.SITE_URL}{product_url(us)}"'
    assert f'<link rel="alternate" hreflang="en-US" {link}>' in page


def test_a_product_sold_in_one_store_lists_no_others(
    client: Client, two_stores: dict[str, Product]
) -> None:
    page = visit(client, product_url(two_stores["US:B0LAMP0001"]))

    assert 'id="stores-heading"' not in page
    assert 'hreflang="' not in page


def test_another_stores_price_shown_on_a_cached_page_expires_with_it(
    client: Client, two_stores: dict[str, Product]
) -> None:
    us = two_stores["US:B0KETTLE01"]
    Product.objects.filter(marketplace="UK", asin="B0KETTLE01").update(
        price_as_of=timezone.now() - timedelta(hours=24) + timedelta(seconds=2)
    )
    assert "£19.99" in visit(client, product_url(us))

    Product.objects.filter(marketplace="UK", asin="B0KETTLE01").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )
    time.sleep(2.5)
    again = client.get(product_url(us))

    assert again["X-Cache"] == "miss"
    assert "£19.99" not in again.content.decode()

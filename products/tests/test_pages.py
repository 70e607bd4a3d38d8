"""Storefront pages and the rules they keep: Amazon's, a visitor's, a search engine's."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import LAMPS, ProductRecordFactory, image, stock_catalogue
from products.browse import parse_browse
from products.category_totals.tasks import category_totals_refresh
from products.links import category_url, product_url
from products.models import Category, Product
from products.services import product_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> dict[str, Product]:
    return stock_catalogue()


def html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def asins_in(page: str) -> list[str]:
    """Product ASINs in page order, from the product-card links."""
    return re.findall(r'href="/p/[a-z]{2}/([A-Z0-9]{10})-', page)


# Home


def test_home_shows_featured_savings_recent_and_categories(
    client: Client, catalogue: dict[str, Product]
) -> None:
    Product.objects.filter(asin="B0LAMP0001").update(featured=True)
    category_totals_refresh()

    page = html(client, "/us/")

    featured = page.split('id="featured-heading"')[1].split("</section>")[0]
    savings = page.split('id="savings-heading"')[1].split("</section>")[0]
    assert asins_in(featured) == ["B0LAMP0001"]
    assert asins_in(savings) == ["B0KETTLE03", "B0LAMP0001", "B0KETTLE01"]
    assert "Kitchen &amp; Dining" in page
    assert "As an Amazon Associate I earn from qualifying purchases" in page


def test_home_leaves_stale_savings_out(client: Client, catalogue: dict[str, Product]) -> None:
    Product.objects.filter(asin="B0KETTLE03").update(
        price_as_of=timezone.now() - timedelta(hours=25)
    )

    savings = html(client, "/us/").split('id="savings-heading"')[1].split("</section>")[0]

    assert "B0KETTLE03" not in savings


# Prices and Amazon's rules


def test_a_fresh_price_shows_with_its_time_and_a_stale_one_never(
    client: Client, catalogue: dict[str, Product]
) -> None:
    stale = catalogue["B0KETTLE02"]
    Product.objects.filter(pk=stale.pk).update(
        price_as_of=timezone.now() - timedelta(hours=24, seconds=1)
    )

    fresh_page = html(client, product_url(catalogue["B0KETTLE01"]))
    stale_page = html(client, product_url(stale))

    assert "$24.99" in fresh_page and "Price as of" in fresh_page
    assert "are subject to change" in fresh_page
    # The price history may still show it as history; no current price may.
    assert '<span class="amount">$59.00' not in stale_page
    assert "See price on Amazon" in stale_page


def test_the_amazon_link_is_the_detail_page_url_marked_sponsored(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0KETTLE01"]

    page = html(client, product_url(product))

    link = re.search(r'<a class="buy-button" href="([^"]+)" rel="([^"]+)"', page)
    assert link is not None
    assert link.group(1) == product.detail_page_url.replace("&", "&amp;")
    assert link.group(2) == "sponsored nofollow noopener"


# Product page


def test_product_page_shows_gallery_facts_history_variations_and_related(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0LAMP0002"]
    product_upsert(
        [
            replace(
                ProductRecordFactory.build(asin="B0LAMP0002", title="Walnut desk lamp, black"),
                fetched_at=timezone.now() + timedelta(seconds=1),
                price_amount=Decimal("99.00"),
                price_display="$99.00",
                parent_asin="B0LAMPPARE",
                categories=(LAMPS,),
                primary_image=image("B0LAMP0002"),
                variant_images=(image("B0LAMP0002V"),),
                features=("Second feature",),
            )
        ]
    )

    page = html(client, product_url(product))

    assert page.count('class="gallery-thumbs"') == 1
    assert 'loading="lazy"' in page and 'width="75" height="75"' in page
    assert "<h1>Walnut desk lamp, black</h1>" in page
    assert "Second feature" in page
    variations = page.split('id="variations-heading"')[1].split("</section>")[0]
    assert asins_in(variations) == ["B0LAMP0003"]
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    assert asins_in(related) == ["B0LAMP0001"]
    history = page.split('id="history-heading"')[1].split("</section>")[0]
    assert "<polyline" in history
    assert "<dt>Lowest</dt><dd>$99.00</dd>" in history
    assert "<dt>Highest</dt><dd>$125.00</dd>" in history
    assert "<dt>Current</dt><dd>$99.00</dd>" in history
    assert history.count("<dt>") == 3


def test_product_page_states_an_offer_in_json_ld_only_while_fresh(
    client: Client, catalogue: dict[str, Product]
) -> None:
    stale = catalogue["B0KETTLE02"]
    Product.objects.filter(pk=stale.pk).update(price_as_of=timezone.now() - timedelta(days=2))

    def json_ld(product: Product) -> dict[str, Any]:
        page = html(client, product_url(product))
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert found is not None
        return json.loads(found.group(1))

    fresh = json_ld(catalogue["B0KETTLE01"])

    assert fresh["@type"] == "Product" and fresh["sku"] == "B0KETTLE01"
    assert fresh["offers"]["price"] == "24.99"
    assert fresh["offers"]["availability"] == "https://schema.org/InStock"
    assert fresh["brand"] == {"@type": "Brand", "name": "Acme"}
    assert "offers" not in json_ld(stale)


def test_product_page_has_canonical_and_open_graph(
    client: Client, catalogue: dict[str, Product]
) -> None:
    url = product_url(catalogue["B0KETTLE01"])

    page = html(client, url)

    assert f'<link rel="canonical" href="{settings.SITE_URL}{url}">' in page
    assert '<meta property="og:type" content="product">' in page
    assert 'property="og:image" content="https://m.media-amazon.com/' in page


def test_a_wrong_slug_redirects_to_the_canonical_url(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0KETTLE01"]

    response = client.get(f"/p/us/{product.asin.lower()}-old-name/")

    assert response.status_code == 301
    assert response["Location"] == product_url(product)


def test_unpublished_and_unknown_products_are_404(
    client: Client, catalogue: dict[str, Product]
) -> None:
    hidden = catalogue["B0KETTLE02"]
    url = product_url(hidden)
    Product.objects.filter(pk=hidden.pk).update(published=False)

    page = html(client, url, status=404)
    html(client, "/p/us/B0NOSUCH00-x/", status=404)
    html(client, "/p/xx/B0KETTLE01-x/", status=404)

    assert "Page not found" in page
    assert "Go to the home page" in page


def test_the_price_history_chart_can_be_switched_off(
    client: Client, catalogue: dict[str, Product], settings: Settings
) -> None:
    settings.PRICE_HISTORY_PUBLIC = False

    page = html(client, product_url(catalogue["B0KETTLE01"]))

    assert "Price history" not in page and "<polyline" not in page


def test_user_text_is_escaped_everywhere(client: Client) -> None:
    product_upsert(
        [
            ProductRecordFactory.build(
                asin="B0SCRIPT01", title="<script>alert(1)</script>", brand="<b>x</b>"
            )
        ]
    )
    product = Product.objects.get(asin="B0SCRIPT01")

    pages = [
        html(client, "/us/"),
        html(client, product_url(product)),
        html(client, "/us/search/?q=<script>alert(2)</script>"),
    ]

    for page in pages:
        assert "<script>alert" not in page
        assert "<b>x</b>" not in page


# Categories


def test_category_page_lists_descendants_with_breadcrumbs_and_children(
    client: Client, catalogue: dict[str, Product]
) -> None:
    root = Category.objects.get(node_id="284507")
    kettles = Category.objects.get(node_id="289935")

    root_page = html(client, category_url(root))
    leaf_page = html(client, category_url(kettles))

    assert set(asins_in(root_page)) == set(catalogue)
    assert "Small Appliances" in root_page.split('aria-label="Sub-categories"')[1]
    assert set(asins_in(leaf_page)) == {"B0KETTLE01", "B0KETTLE02", "B0KETTLE03"}
    crumbs = leaf_page.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>]+)</a>", crumbs) == [
        "Home",
        "Kitchen &amp; Dining",
        "Small Appliances",
    ]
    assert 'aria-current="page">Kettles<' in crumbs


def test_category_pages_are_per_store(client: Client, catalogue: dict[str, Product]) -> None:
    product_upsert([ProductRecordFactory.build(asin="B0UKKETTLE", marketplace="UK")])
    us = Category.objects.get(marketplace="US", node_id="289935")

    assert "B0UKKETTLE" not in html(client, category_url(us))


def test_unknown_category_is_404_and_a_wrong_slug_redirects(
    client: Client, catalogue: dict[str, Product]
) -> None:
    kettles = Category.objects.get(node_id="289935")

    html(client, "/c/us/999999-nothing/", status=404)
    response = client.get("/c/us/289935-old/?page=1")

    assert response.status_code == 301
    assert response["Location"] == category_url(kettles) + "?page=1"


# Python's \d and str.isdigit() match these; a node id is ASCII digits.
UNICODE_DIGITS = ["\u0662\u0668\u0669", "\uff12\uff18\uff19", "\u00b2"]


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_a_category_path_of_unicode_digits_matches_no_url(client: Client, digits: str) -> None:
    with pytest.raises(Resolver404):
        resolve(f"/c/us/{digits}-kettles/")
    html(client, f"/c/us/{digits}-kettles/", status=404)


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_a_category_filter_of_unicode_digits_is_dropped_before_any_query(
    digits: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        browse = parse_browse({"category": digits}, marketplace="US")

    assert browse.category is None
    assert browse.dropped == ["category"]


# Search


def test_search_ranks_title_matches_first(client: Client, catalogue: dict[str, Product]) -> None:
    found = asins_in(html(client, "/us/search/?q=walnut+lamp"))

    assert set(found) == {"B0LAMP0001", "B0LAMP0002", "B0LAMP0003"}


def test_search_facets_count_with_the_other_filters_applied(
    client: Client, catalogue: dict[str, Product]
) -> None:
    page = html(client, "/us/search/?q=kettle&brand=Acme")

    facets = page.split('id="filters"')[1].split("</aside>")[0]
    brand = facets.split('id="facet-brand"')[1].split("</section>")[0]
    assert re.search(r"Acme \(2\)", brand)
    assert re.search(r"Brewmaster</a> <span class=\"count\">\(1\)", brand)
    price = facets.split('id="facet-price"')[1].split("</section>")[0]
    assert 'Under $25</a> <span class="count">(2)' in price
    assert set(asins_in(page.split('class="results"')[1])) == {"B0KETTLE01", "B0KETTLE03"}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["B0KETTLE03", "B0KETTLE01", "B0KETTLE02"]),
        ("-price", ["B0KETTLE02", "B0KETTLE01", "B0KETTLE03"]),
        ("saving", ["B0KETTLE03", "B0KETTLE01", "B0KETTLE02"]),
    ],
)
def test_search_sorts(
    client: Client, catalogue: dict[str, Product], sort: str, expected: list[str]
) -> None:
    page = html(client, f"/us/search/?q=kettle&sort={sort}")

    assert asins_in(page.split('class="results"')[1]) == expected


def test_price_filters_and_stale_prices(client: Client, catalogue: dict[str, Product]) -> None:
    Product.objects.filter(asin="B0KETTLE03").update(price_as_of=timezone.now() - timedelta(days=3))

    page = html(client, "/us/search/?min_price=10&max_price=30")

    assert asins_in(page.split('class="results"')[1]) == ["B0KETTLE01"]


def test_pagination_keeps_the_filters(client: Client, settings: Settings) -> None:
    product_upsert([ProductRecordFactory.build(brand="Acme") for _ in range(30)])

    first = html(client, "/us/search/?q=kettle&brand=Acme&sort=newest")
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert next_link is not None
    second = html(client, "/us/search/" + next_link.group(1).replace("&amp;", "&"))

    assert "brand=Acme" in next_link.group(1) and "sort=newest" in next_link.group(1)
    assert len(asins_in(first.split('class="results"')[1])) == 24
    assert len(asins_in(second.split('class="results"')[1])) == 6
    assert 'rel="prev"' in second


def test_search_with_no_results_helps(client: Client, catalogue: dict[str, Product]) -> None:
    page = html(client, "/us/search/?q=submarine&brand=Acme")

    assert "No products match" in page
    assert "search without filters" in page


@pytest.mark.parametrize(
    "query",
    [
        "?min_price=abc",
        "?max_price=-5",
        "?category=nonsense",
        "?category=999999",
        "?availability=sometimes",
        "?marketplace=XX",
        "?sort=cheapest",
        "?q=" + "kettle " * 300,
        "?page=abc",
        "?min_price=1e999",
    ],
)
def test_bad_input_gives_a_normal_page(
    client: Client, catalogue: dict[str, Product], query: str
) -> None:
    html(client, "/us/search/" + query)


@pytest.mark.parametrize("page", ["0", "-1", "99999", "201"])
def test_pages_past_the_end_are_404(
    client: Client, catalogue: dict[str, Product], page: str
) -> None:
    html(client, f"/us/search/?q=kettle&page={page}", status=404)


def test_a_dropped_filter_is_said_on_the_page(
    client: Client, catalogue: dict[str, Product]
) -> None:
    page = html(client, "/us/search/?q=kettle&min_price=abc")

    assert "were ignored: min_price" in page
    assert set(asins_in(page.split('class="results"')[1])) == {
        "B0KETTLE01",
        "B0KETTLE02",
        "B0KETTLE03",
    }


# Caching


def test_pages_are_cached_and_a_refreshed_price_shows_at_once(
    client: Client, catalogue: dict[str, Product]
) -> None:
    product = catalogue["B0KETTLE01"]
    url = product_url(product)
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    assert client.get("/us/")["X-Cache"] == "miss"
    assert client.get("/us/")["X-Cache"] == "hit"

    product_upsert(
        [
            replace(
                ProductRecordFactory.build(asin=product.asin, title=product.title),
                fetched_at=timezone.now() + timedelta(seconds=1),
                price_amount=Decimal("19.99"),
                price_display="$19.99",
            )
        ]
    )

    after = client.get(url)
    assert after["X-Cache"] == "miss"
    assert "$19.99" in after.content.decode()
    assert client.get("/us/")["X-Cache"] == "miss"


def test_staff_pages_are_not_cached(client: Client, catalogue: dict[str, Product]) -> None:
    client.force_login(User.objects.create_user("staff", password="pw", is_staff=True))

    assert "X-Cache" not in client.get("/us/")
    assert "X-Cache" not in client.get("/us/")


# Search engines and errors


def test_sitemaps_list_published_products_and_categories(
    client: Client, catalogue: dict[str, Product]
) -> None:
    Product.objects.filter(asin="B0KETTLE02").update(published=False)

    index = html(client, "/sitemap.xml")
    products = html(client, "/sitemap-products.xml")
    categories = html(client, "/sitemap-categories.xml")

    assert "sitemap-products.xml" in index and "sitemap-categories.xml" in index
    assert product_url(catalogue["B0KETTLE01"]) in products
    assert "B0KETTLE02" not in products
    assert "/c/us/289935-kettles/" in categories


def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    text = html(client, "/robots.txt")

    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /*/search/" in text
    assert "Disallow: /admin/" in text


def test_the_error_page_stands_alone() -> None:
    page = render_to_string("500.html")

    assert "Something went wrong" in page
    assert "As an Amazon Associate" in page

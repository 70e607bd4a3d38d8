"""The product box on every list and in the compare table: its parts, and what it hides."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from devtools.testkit.catalogue import ago, fresh, manual, node, stale
from products.links import category_url, product_url
from products.models import PriceObservation, Product

pytestmark = pytest.mark.django_db


def iso(moment: Any) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def deal(*, ends_in: timedelta) -> dict[str, Any]:
    now = timezone.now()
    return {
        "badge": "Lightning Deal",
        "accessType": "ALL",
        "startTime": iso(now - timedelta(hours=1)),
        "endTime": iso(now + ends_in),
        "percentClaimed": 45,
    }


@pytest.fixture
def shelf() -> dict[str, Product]:
    """Four kettles, one of each kind a box must tell apart, and a page that relates them."""
    kettles = node("US", "1", "Kettles")
    rated_and_saving = {
        "rating_value": Decimal("4.5"),
        "rating_count": 1234,
        "savings_basis_amount": Decimal("29.99"),
        "savings_amount": Decimal("5.00"),
        "savings_percent": 17,
        "deal": deal(ends_in=timedelta(hours=2)),
    }
    products = {
        "rated": fresh(
            asin="B0BOXRATED",
            title="Zephyr kettle " + "with a title long enough to need clamping " * 4,
            price_amount=Decimal("24.99"),
            sales_rank=1,
            **rated_and_saving,
        ),
        "stale": stale(
            asin="B0BOXSTALE",
            title="Zephyr stale kettle",
            price_amount=Decimal("19.99"),
            sales_rank=2,
            **rated_and_saving,
        ),
        "no_offer": fresh(
            asin="B0BOXNOOFF",
            title="Zephyr kettle without an offer",
            price_amount=None,
            price_currency="",
            price_display="",
            sales_rank=3,
        ),
        "ended": fresh(
            asin="B0BOXENDED",
            title="Zephyr kettle after its deal",
            price_amount=Decimal("30.00"),
            deal=deal(ends_in=-timedelta(minutes=5)),
            sales_rank=4,
        ),
        "page": fresh(asin="B0BOXPAGE1", title="Zephyr kettle page", sales_rank=5),
    }
    for product in products.values():
        Product.objects.filter(pk=product.pk).update(category=kettles)
        product.categories.add(kettles)
    # The site's own history: 29.99 for 40 days, 27.99 ten days ago, 24.99 now.
    rated = products["rated"]
    for days, amount in ((40, "29.99"), (10, "27.99"), (0, "24.99")):
        PriceObservation.objects.create(
            product=rated, observed_at=ago(days=days), amount=Decimal(amount), currency="USD"
        )
    return products


def boxes(page: str) -> dict[str, str]:
    """Each product box of the page by its ASIN."""
    found = {}
    for part in page.split('<div class="product-box">')[1:]:
        box = part.split("</div>", 1)[0]
        asin = re.search(r'href="/p/us/([A-Z0-9]{10})-', box)
        assert asin is not None
        found[asin.group(1)] = box
    return found


def list_pages(shelf: dict[str, Product]) -> dict[str, str]:
    kettles = shelf["rated"].categories.get()
    manual([p for key, p in shelf.items() if key != "page"])
    return {
        "home": "/us/",
        "category": category_url(kettles),
        "search": "/us/search/?q=Zephyr",
        "collection": "/collections/hand-picked/",
        "compare": "/collections/hand-picked/compare/",
        "related on a product page": product_url(shelf["page"]),
    }


def page_boxes(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return boxes(response.content.decode())


def test_every_list_shows_the_whole_box_of_a_fresh_rated_product_on_a_deal(
    client: Client, shelf: dict[str, Product]
) -> None:
    for name, url in list_pages(shelf).items():
        box = page_boxes(client, url)["B0BOXRATED"]

        assert '<span class="box-title">Zephyr kettle with a title long' in box, name
        assert '<span class="stars stars-45" aria-hidden="true"></span>' in box, name
        assert "4.5 out of 5 stars, 1,234 ratings" in box, name
        assert '<span class="amount">$24.99</span>' in box, name
        assert '<s class="basis"><span class="visually-hidden">Was: </span>$29.99</s>' in box
        assert "Save $5.00 (17%)" in box, name
        assert '<span class="deal-badge">Lightning Deal</span>' in box, name
        assert "45% claimed" in box and "ends " in box, name
        assert "Lowest price in 30 days" in box, name
        assert box.count("Price as of ") == 1, name
        assert re.search(r'<p class="box-as-of" title="[^"]+">Price as of [^<]+</p>', box), name
        assert (
            'href="https://www.amazon.com/dp/B0BOXRATED?tag=example-20" '
            'rel="sponsored nofollow noopener" target="_blank" '
            'data-marketplace="US" data-asin="B0BOXRATED"'
        ) in box, name


def test_a_stale_product_shows_no_price_rating_saving_or_deal(
    client: Client, shelf: dict[str, Product]
) -> None:
    for name, url in list_pages(shelf).items():
        box = page_boxes(client, url)["B0BOXSTALE"]

        assert "See price on Amazon" in box, name
        for hidden in ("$19.99", "$29.99", "stars", "ratings", "Save", "Lightning", "as of"):
            assert hidden not in box, (name, hidden)
        assert 'rel="sponsored nofollow noopener"' in box, name


def test_no_offer_is_told_apart_from_a_price_that_is_not_fresh(
    client: Client, shelf: dict[str, Product]
) -> None:
    for name, url in list_pages(shelf).items():
        box = page_boxes(client, url)["B0BOXNOOFF"]

        assert "No current offer" in box, name
        assert "See price on Amazon" not in box, name
        assert "stars" not in box and "Price as of" not in box, name


def test_an_ended_deal_and_a_product_without_reviews_show_neither(
    client: Client, shelf: dict[str, Product]
) -> None:
    for name, url in list_pages(shelf).items():
        box = page_boxes(client, url)["B0BOXENDED"]

        assert '<span class="amount">$30.00</span>' in box, name
        assert "deal-badge" not in box and "claimed" not in box, name
        assert "stars" not in box and "Lowest price" not in box, name
        assert '<p class="box-rating"></p>' in box, name


def test_the_compare_table_counts_clicks_for_its_collection(
    client: Client, shelf: dict[str, Product]
) -> None:
    list_pages(shelf)

    page = client.get("/collections/hand-picked/compare/").content.decode()

    head = page.split("<thead>")[1].split("</thead>")[0]
    assert head.count('<th scope="col">') == head.count('<div class="product-box">') == 4
    assert 'data-asin="B0BOXRATED" data-collection="hand-picked"' in page
    # The boxes hold the price and the saving: the table does not repeat them in rows.
    assert '<th scope="row">Price</th>' not in page
    assert '<th scope="row">Saving</th>' not in page
    assert '<th scope="row">Availability</th>' in page


def test_a_page_showing_a_deal_is_cached_no_longer_than_the_deal_runs(
    client: Client, shelf: dict[str, Product]
) -> None:
    Product.objects.filter(pk=shelf["rated"].pk).update(deal=deal(ends_in=timedelta(seconds=90)))

    for url in list_pages(shelf).values():
        control = client.get(url)["Cache-Control"]
        match = re.search(r"s-maxage=(\d+)", control)
        assert match is not None and int(match.group(1)) <= 90, (url, control)
        assert "stale-while-revalidate" not in control, (url, control)


def test_a_product_page_without_an_offer_offers_no_target_alert(
    client: Client, shelf: dict[str, Product]
) -> None:
    without = client.get(product_url(shelf["no_offer"])).content.decode()
    priced = client.get(product_url(shelf["rated"])).content.decode()
    not_fresh = client.get(product_url(shelf["stale"])).content.decode()

    assert '<p class="price no-offer">No current offer</p>' in without
    assert "See price on Amazon" not in without.split('class="summary"')[1].split("</p>")[0]
    assert "when the price drops" in without
    assert "when the price reaches my target" not in without
    assert 'name="target"' not in without
    for page in (priced, not_fresh):
        assert "when the price reaches my target" in page
        assert 'name="target"' in page
    assert '<p class="price price-hidden">See price on Amazon</p>' in not_fresh


def test_a_target_alert_for_a_product_without_an_offer_is_refused(
    client: Client, shelf: dict[str, Product]
) -> None:
    response = client.post(
        "/alerts/subscribe/",
        {
            "product": shelf["no_offer"].pk,
            "email": "reader@example.com",
            "kind": "target",
            "target": "10",
        },
    )

    assert "This product has no price yet, so a target cannot be set" in response.content.decode()

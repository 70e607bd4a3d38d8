"""The deals, bestsellers and new releases pages keep Amazon's display rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from devtools.testkit.catalogue import ago, fresh, node, stale

pytestmark = pytest.mark.django_db


def deal(*, ends_in_hours: float, started_hours_ago: float = 1) -> dict[str, Any]:
    return {
        "badge": "Lightning Deal",
        "startTime": ago(hours=started_hours_ago).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endTime": ago(hours=-ends_in_hours).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "percentClaimed": 40,
    }


def titles(content: bytes) -> list[str]:
    text = content.decode()
    return [part.split("<", 1)[0] for part in text.split('<span class="box-title">')[1:]]


def section(content: bytes, heading: str) -> list[str]:
    """The titles of the boxes in the section under `heading`."""
    text = content.decode()
    after = text.split(f">{heading}</h2>", 1)[1].split("</section>", 1)[0]
    return titles(after.encode())


def test_the_deals_page_shows_running_deals_soonest_ending_first(client: Client) -> None:
    fresh(title="Later deal", deal=deal(ends_in_hours=5))
    fresh(title="Sooner deal", deal=deal(ends_in_hours=1))

    page = client.get("/us/deals/")

    assert page.status_code == 200
    assert section(page.content, "Deals running now") == ["Sooner deal", "Later deal"]
    assert b"Lightning Deal" in page.content


def test_an_ended_or_not_yet_started_deal_is_hidden(client: Client) -> None:
    fresh(title="Ended deal", deal=deal(ends_in_hours=-1, started_hours_ago=5))
    fresh(title="Future deal", deal=deal(ends_in_hours=5, started_hours_ago=-1))
    fresh(title="Running deal", deal=deal(ends_in_hours=2))

    page = client.get("/us/deals/")

    assert section(page.content, "Deals running now") == ["Running deal"]
    assert b"Ended deal" not in page.content and b"Future deal" not in page.content


def test_a_deal_beside_a_stale_price_is_not_listed(client: Client) -> None:
    stale(title="Stale deal", deal=deal(ends_in_hours=2), savings_percent=30)

    page = client.get("/us/deals/")

    assert b"Stale deal" not in page.content
    assert b"No deals are running right now." in page.content


def test_the_savings_list_holds_fresh_savings_biggest_first(client: Client) -> None:
    fresh(title="Small saving", savings_percent=10, savings_basis_amount=Decimal("11.00"))
    fresh(title="Big saving", savings_percent=40, savings_basis_amount=Decimal("17.00"))
    stale(title="Stale saving", savings_percent=60, savings_basis_amount=Decimal("25.00"))
    fresh(title="On deal", savings_percent=50, deal=deal(ends_in_hours=2))

    page = client.get("/us/deals/")

    assert section(page.content, "Biggest savings") == ["Big saving", "Small saving"]
    assert b"Stale saving" not in page.content


def test_deals_of_one_category(client: Client) -> None:
    kitchen = node("US", "100", "Kitchen")
    garden = node("US", "200", "Garden")
    fresh(title="Kettle deal", category=kitchen, deal=deal(ends_in_hours=2))
    fresh(title="Hose deal", category=garden, deal=deal(ends_in_hours=2))

    page = client.get("/us/deals/?category=100")

    assert section(page.content, "Deals running now") == ["Kettle deal"]
    assert b'<li aria-current="page">Kitchen</li>' in page.content
    assert client.get("/us/deals/?category=999").status_code == 302


def test_the_deals_page_is_cached_and_shared_keyed_on_its_category(client: Client) -> None:
    node("US", "100", "Kitchen")
    product = fresh(title="Kettle deal", deal=deal(ends_in_hours=2))

    first = client.get("/us/deals/?utm_source=mail")
    again = client.get("/us/deals/")
    other = client.get("/us/deals/?category=100")

    assert first["X-Cache"] == "miss" and again["X-Cache"] == "hit"
    assert other["X-Cache"] == "miss"
    assert first["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    # The deal ends in two hours: no cache may keep the page past that.
    s_maxage = int(first["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 2 * 3600
    assert {"store-US", f"product-US-{product.asin}"} <= set(first["Surrogate-Key"].split())
    assert "category-US-100" in other["Surrogate-Key"].split()


def test_the_site_navigation_links_the_deals_page(client: Client) -> None:
    page = client.get("/us/")

    assert b'<a href="/us/deals/">Deals</a>' in page.content

"""Each store's pages in its language, with its own number conventions and disclosure."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import three_store_catalogue
from products.alerts.emails import PriceChange, price_alert_email_send
from products.alerts.models import Subscription
from products.links import category_url, product_url
from products.models import Product

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def stores(settings: Settings) -> dict[str, Product]:
    settings.AMAZON_MARKETPLACES = ["US", "UK", "DE"]
    return three_store_catalogue()


def page(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def in_german(message: str) -> str:
    with translation.override("de"):
        german = translation.gettext(message)
    assert german != message, f"{message!r} has no German translation"
    return german


def test_a_de_product_page_is_german_with_german_prices(
    client: Client, stores: dict[str, Product]
) -> None:
    html = page(client, product_url(stores["DE:B0KETTLE01"]))

    assert '<html lang="de-DE">' in html
    assert in_german("Buy on Amazon") in html
    assert in_german("About this item") in html
    assert f'<span class="amount">220,99{NBSP}€</span>' in html
    assert in_german("Was %(was)s") % {"was": f"390,99{NBSP}€"} in html
    assert f"43{NBSP}%" in html
    # The programme's own wording, not a translation of the English one.
    assert "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen." in html
    assert "As an Amazon Associate" not in html
    # No price anywhere in another convention.
    assert "EUR" not in html.split("application/ld+json")[0]
    assert not re.search(r"\d\.\d\d\s?€", html)


def test_a_uk_page_uses_pounds_and_english(client: Client, stores: dict[str, Product]) -> None:
    html = page(client, product_url(stores["UK:B0KETTLE01"]))

    assert '<html lang="en-GB">' in html
    assert '<span class="amount">£19.99</span>' in html
    assert "Was £39.98" in html
    assert "As an Amazon Associate I earn from qualifying purchases." in html


def test_the_page_store_decides_the_language_not_the_visitors_store(
    client: Client, stores: dict[str, Product]
) -> None:
    # A visitor whose store is the UK reads a DE product page in German, a DE category page
    # and the DE home too: the URL names the store, and so the language.
    client.cookies["store"] = "UK"
    german = stores["DE:B0KETTLE01"]

    assert german.category is not None
    assert '<html lang="de-DE">' in page(client, product_url(german))
    assert '<html lang="de-DE">' in page(client, category_url(german.category))
    home = page(client, "/de/")
    assert '<html lang="de-DE">' in home
    assert in_german("Recently added") in home
    assert '<html lang="en-GB">' in page(client, "/uk/")


def test_the_response_says_its_language(client: Client, stores: dict[str, Product]) -> None:
    response = client.get(product_url(stores["DE:B0KETTLE01"]))

    assert response["Content-Language"] == "de"


def test_hreflang_names_each_stores_page_in_its_language(
    client: Client, stores: dict[str, Product]
) -> None:
    html = page(client, product_url(stores["DE:B0KETTLE01"]))

    site = re.escape(settings.SITE_URL)
    alternates = dict(re.findall(rf'hreflang="([^"]+)" href="{site}([^"]+)"', html))
    assert alternates == {
        "en-US": product_url(stores["US:B0KETTLE01"]),
        "en-GB": product_url(stores["UK:B0KETTLE01"]),
        "de-DE": product_url(stores["DE:B0KETTLE01"]),
    }


def test_a_de_search_writes_its_price_bands_in_euros(
    client: Client, stores: dict[str, Product]
) -> None:
    html = page(client, "/de/search/?q=Glaswasserkocher")

    assert in_german("%(price)s and over") % {"price": f"200{NBSP}€"} in html
    assert in_german("Sort by") in html


def test_a_missing_page_of_a_de_product_is_german(
    client: Client, stores: dict[str, Product]
) -> None:
    response = client.get("/p/de/B0NOSUCH00-missing/")

    assert response.status_code == 404
    assert in_german("Page not found") in response.content.decode()


def test_the_admin_and_the_api_stay_english(
    admin_client: Client, stores: dict[str, Product]
) -> None:
    admin_client.cookies["store"] = "DE"

    admin = admin_client.get("/admin/products/product/")
    api = admin_client.get("/api/v1/products/DE/B0KETTLE01/nothing/")

    assert admin["Content-Language"] == "en"
    assert "Select product to change" in admin.content.decode()
    assert api["Content-Language"] == "en"


def test_a_price_alert_for_a_de_product_is_written_in_german(
    stores: dict[str, Product],
) -> None:
    product = stores["DE:B0KETTLE01"]
    assert product.price_amount is not None and product.price_as_of is not None
    subscription = Subscription.objects.create(
        email="kunde@example.com",
        product=product,
        kind=Subscription.ANY_DROP,
        currency="EUR",
        confirmed_at=product.fetched_at,
    )
    change = PriceChange(
        old_amount=product.savings_basis_amount,
        new_amount=product.price_amount,
        currency="EUR",
        as_of=product.price_as_of,
        observed_at=product.price_as_of,
    )

    price_alert_email_send(subscription, change, connection=mail.get_connection())

    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject.startswith(in_german("Price drop: %(title)s").split("%")[0])
    assert in_german("Now %(now)s") % {"now": f"220,99{NBSP}€"} in message.body
    assert in_german(", was %(was)s") % {"was": f"390,99{NBSP}€"} in message.body
    html, _ = message.alternatives[0]
    assert isinstance(html, str) and '<html lang="de-DE">' in html

"""After a refresh, each confirmed alert whose condition became true is emailed once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, override_settings
from django.utils import timezone

from devtools.loopback import free_port
from devtools.testkit.alerts import link_in, subscribe_and_confirm
from devtools.testkit.catalogue import product_at
from products.alerts.models import Subscription
from products.alerts.tasks import AlertsNotSent, price_alerts_send
from products.links import product_url
from products.models import Product
from products.services import products_mark_unavailable

pytestmark = pytest.mark.django_db


def later(minutes: int) -> datetime:
    return timezone.now() + timedelta(minutes=minutes)


def test_a_drop_is_emailed_once_with_this_sites_links_and_never_amazons(client: Client) -> None:
    product = product_at("24.99", at=later(-10))
    subscribe_and_confirm(client, product, "Ann@Example.com")
    mail.outbox.clear()

    product = product_at("19.99", at=later(1))
    price_alerts_send([product.pk])

    [message] = mail.outbox
    assert message.to == ["ann@example.com"]
    assert message.subject == f"Price drop: {product.title}"
    assert isinstance(message, EmailMultiAlternatives)
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    html = str(content)
    page = settings.SITE_URL + product_url(product)
    for body in (str(message.body), html):
        assert product.title in body
        assert "$19.99" in body
        assert "was $24.99" in body
        assert "Price as of" in body
        assert "subject to change" in body
        assert page in body
        assert "amazon." not in body.lower()
        links = re.findall(r"https?://[^\s\"<>]+", body)
        assert links and all(link.startswith(settings.SITE_URL + "/") for link in links)
    unsubscribe = settings.SITE_URL + link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'href="{unsubscribe}"' in html

    price_alerts_send([product.pk])
    assert len(mail.outbox) == 1, "a second run must not send the same drop again"

    product_at("17.50", at=later(2))
    price_alerts_send([product.pk])
    assert len(mail.outbox) == 2
    assert "$17.50" in mail.outbox[1].body
    assert "was $19.99" in mail.outbox[1].body


def test_a_target_alert_waits_for_its_target_and_rearms_only_above_it(client: Client) -> None:
    product = product_at("24.99", at=later(-10))
    subscribe_and_confirm(client, product, "bo@example.com", target="15.00")
    mail.outbox.clear()

    def price(amount: str, minutes: int) -> int:
        price_alerts_send([product_at(amount, at=later(minutes)).pk])
        return len(mail.outbox)

    assert price("19.99", 1) == 0, "above the target: nothing yet"
    assert price("15.00", 2) == 1, "at the target: told"
    assert mail.outbox[0].subject == f"Target price reached: {product.title}"
    assert "$15.00" in mail.outbox[0].body
    assert price("14.00", 3) == 1, "still below the target: told once is enough"
    assert price("16.00", 4) == 1, "a rise is never emailed"
    assert price("14.99", 5) == 2, "back below after going above: told again"


def test_a_drop_before_confirmation_is_not_emailed(client: Client) -> None:
    product = product_at("24.99", at=later(-10))
    subscribe_and_confirm(client, product, "cy@example.com")
    Subscription.objects.update(confirmed_at=later(5))
    mail.outbox.clear()

    price_alerts_send([product_at("19.99", at=later(1)).pk])

    assert mail.outbox == []


def test_unconfirmed_alerts_and_stale_prices_send_nothing(client: Client) -> None:
    product = product_at("24.99", at=later(-60 * 50))
    subscribe_and_confirm(client, product, "di@example.com", target="22.00")
    mail.outbox.clear()
    # Confirmed, and the price meets the target, but it was fetched 25 hours ago:
    # Amazon's rule forbids showing it, so no email may carry it.
    stale = product_at("21.00", at=later(-60 * 25))
    Subscription.objects.create(
        email="pending@example.com", product=stale, kind="any_drop", currency="USD"
    )

    price_alerts_send([stale.pk])

    assert mail.outbox == []


def test_a_failed_send_is_not_marked_and_the_retry_sends_it(client: Client) -> None:
    product = product_at("24.99", at=later(-10))
    subscribe_and_confirm(client, product, "ed@example.com")
    mail.outbox.clear()
    product = product_at("19.99", at=later(1))

    closed_port = free_port()
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=closed_port,
            EMAIL_TIMEOUT=2,
        ),
        pytest.raises(AlertsNotSent),
    ):
        price_alerts_send([product.pk])

    assert Subscription.objects.get().notified_at is None
    price_alerts_send([product.pk])
    assert len(mail.outbox) == 1


def test_a_product_back_in_stock_under_the_target_is_emailed_without_a_was(
    client: Client,
) -> None:
    product = product_at("24.99", at=later(-10))
    subscribe_and_confirm(client, product, "fox@example.com", target="20.00")
    subscribe_and_confirm(client, product, "gus@example.com")
    products_mark_unavailable(marketplace="US", asins=[product.asin], at=later(-5))
    mail.outbox.clear()

    price_alerts_send([product_at("18.00", at=later(1)).pk])

    [message] = mail.outbox
    assert message.to == ["fox@example.com"], "a return from unavailable is no drop"
    assert "Now $18.00." in message.body
    assert "was" not in message.body.split("Price as of")[0]


def test_an_any_drop_alert_set_before_the_product_had_a_price_still_fires(
    client: Client,
) -> None:
    product = product_at("24.99", at=later(-10))
    Product.objects.filter(pk=product.pk).update(price_amount=None, price_currency="")
    subscribe_and_confirm(client, Product.objects.get(pk=product.pk), "hu@example.com")
    assert Subscription.objects.get().currency == ""
    mail.outbox.clear()

    product_at("30.00", at=later(1))
    price_alerts_send([product_at("27.00", at=later(2)).pk])

    [message] = mail.outbox
    assert "Now $27.00, was $30.00." in message.body

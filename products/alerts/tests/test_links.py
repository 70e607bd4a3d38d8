"""The emailed links: manage, unsubscribe (one click too), and clear pages for bad ones."""

from __future__ import annotations

import base64
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from devtools.testkit.alerts import link_in, subscribe, subscribe_and_confirm
from devtools.testkit.catalogue import product_at
from products.alerts.links import confirm_link, manage_link
from products.alerts.models import Subscription

pytestmark = pytest.mark.django_db

MANAGE_REQUEST = reverse("alerts:manage_request")


def test_unsubscribe_asks_then_cancels_and_then_says_it_is_gone(client: Client) -> None:
    product = product_at("24.99")
    subscribe_and_confirm(client, product, "ray@example.com")
    subscription = Subscription.objects.get()
    unsubscribe = reverse("alerts:unsubscribe", kwargs={"token": subscription.token})

    asked = client.get(unsubscribe)
    assert "Stop this price alert?" in asked.content.decode()
    assert Subscription.objects.exists(), "opening the link must not cancel"

    done = client.post(unsubscribe)
    assert done.status_code == 200
    assert "Alert cancelled" in done.content.decode()
    assert not Subscription.objects.exists()

    again = client.post(unsubscribe)
    assert again.status_code == 404
    assert "This alert no longer exists" in again.content.decode()


def test_one_click_unsubscribe_needs_no_cookie_or_csrf_token() -> None:
    mail_client = Client(enforce_csrf_checks=True)
    product = product_at("24.99")
    subscribe_and_confirm(Client(), product, "sam@example.com")
    token = Subscription.objects.get().token

    response = mail_client.post(
        reverse("alerts:unsubscribe", kwargs={"token": token}),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_manage_page_lists_an_addresss_alerts_and_cancels_them(client: Client) -> None:
    kettle = product_at("24.99", asin="B0MANAGE01")
    lamp = product_at("80.00", asin="B0MANAGE02")
    subscribe_and_confirm(client, kettle, "tess@example.com")
    subscribe_and_confirm(client, lamp, "tess@example.com", target="60.00")
    subscribe_and_confirm(client, lamp, "someone-else@example.com")
    mail.outbox.clear()

    assert client.post(MANAGE_REQUEST, {"email": " Tess@Example.com "}).status_code == 302
    [message] = mail.outbox
    manage = link_in(message, "manage")
    encoded = base64.urlsafe_b64encode(b'"tess@example.com"').decode().rstrip("=")
    assert "tess" not in manage and encoded[:12] not in manage, "links end up in access logs"

    page = client.get(manage).content.decode()
    assert "Price alerts for tess@example.com" in page
    assert kettle.title in page and lamp.title in page
    assert "$60.00 or less" in page
    assert page.count('name="cancel"') == 3, "two alerts and 'cancel all'"

    kettle_alert = Subscription.objects.get(email="tess@example.com", product=kettle)
    other = Subscription.objects.get(email="someone-else@example.com")
    client.post(manage, {"cancel": str(other.pk)})
    assert Subscription.objects.filter(pk=other.pk).exists(), "only the address's own alerts"

    after = client.post(manage, {"cancel": str(kettle_alert.pk)}, follow=True)
    assert "Cancelled 1 alert." in after.content.decode()
    assert kettle.title not in after.content.decode()

    client.post(manage, {"cancel": "all"})
    assert list(Subscription.objects.values_list("email", flat=True)) == [
        "someone-else@example.com"
    ]


def test_a_manage_link_request_for_an_unknown_address_sends_nothing(client: Client) -> None:
    response = client.post(MANAGE_REQUEST, {"email": "nobody@example.com"})

    assert response.status_code == 302, "the same answer, so addresses cannot be probed"
    assert mail.outbox == []
    bad = client.post(MANAGE_REQUEST, {"email": "nobody"})
    assert bad.status_code == 400
    assert "Enter a valid email address" in bad.content.decode()


def _tampered(path: str) -> str:
    signed = path.rstrip("/").rsplit("/", 1)[1]
    return path.replace(signed, signed[:-3] + ("AAA" if not signed.endswith("AAA") else "BBB"))


def test_forged_links_get_a_clear_error_page(client: Client) -> None:
    product = product_at("24.99")
    subscribe(client, product, "uma@example.com")
    confirm = link_in(mail.outbox[0], "confirm")
    manage = manage_link("uma@example.com").removeprefix(settings.SITE_URL)

    for path in (_tampered(confirm), _tampered(manage), "/alerts/manage/uma@example.com/"):
        response = client.get(path)
        assert response.status_code == 400, path
        page = response.content.decode()
        assert "This link is not valid" in page
        assert 'action="/alerts/manage/"' in page, "offers a new link"
    assert client.get("/alerts/unsubscribe/not-a-token/").status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_expired_links_say_so(client: Client) -> None:
    product = product_at("24.99")
    subscribe(client, product, "val@example.com")
    subscription = Subscription.objects.get()
    three_days_ago = time.time() - 3 * 86400
    with mock.patch("django.core.signing.time.time", return_value=three_days_ago):
        confirm = confirm_link(subscription)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * 86400):
        manage = manage_link("val@example.com")

    for link in (confirm, manage):
        response = client.post(link.removeprefix(settings.SITE_URL))
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_for_an_alert_purged_meanwhile_is_gone(client: Client) -> None:
    product = product_at("24.99")
    subscribe(client, product, "wes@example.com")
    confirm = link_in(mail.outbox[0], "confirm")
    Subscription.objects.all().delete()

    response = client.post(confirm)

    assert response.status_code == 404
    assert "This alert no longer exists" in response.content.decode()

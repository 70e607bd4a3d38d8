"""The subscribe form: in cached product pages, per-field errors, limits, and its emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, override_settings

from devtools.loopback import free_port
from devtools.testkit.alerts import SUBSCRIBE, link_in, subscribe
from devtools.testkit.catalogue import product_at
from products.alerts.models import Subscription
from products.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product() -> Product:
    return product_at("24.99")


def test_the_form_in_a_cached_product_page_works_without_a_csrf_token(product: Product) -> None:
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(product.get_absolute_url())
    second = visitor.get(product.get_absolute_url())

    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    page = second.content.decode()
    start = page.index(f'<form method="post" action="{SUBSCRIBE}"')
    form = page[start : page.index("</form>", start)]
    assert "csrfmiddlewaretoken" not in form, "a cached page must not carry anyone's token"
    assert f'value="{product.pk}"' in form

    response = subscribe(visitor, product, "fay@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/alerts/check-email/"
    assert visitor.get(response["Location"]).status_code == 200
    [message] = mail.outbox
    assert message.to == ["fay@example.com"]
    assert "amazon." not in message.body.lower()
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.confirmed_at) == ("any_drop", None)


def test_the_confirmation_link_asks_then_confirms(client: Client, product: Product) -> None:
    subscribe(client, product, "gil@example.com", target="20.00")
    confirm = link_in(mail.outbox[0], "confirm")

    asked = client.get(confirm)
    assert asked.status_code == 200
    assert "Confirm the alert" in asked.content.decode()
    assert Subscription.objects.get().confirmed_at is None, "opening the link must not confirm"

    done = client.post(confirm)
    assert "Your price alert is on" in done.content.decode()
    assert "$20.00 or less" in done.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    assert (subscription.target_amount, subscription.currency) == (20, "USD")


def test_confirming_a_new_alert_replaces_the_addresss_old_one(
    client: Client, product: Product
) -> None:
    for target in ("20.00", "18.00"):
        subscribe(client, product, "hal@example.com", target=target)
        client.post(link_in(mail.outbox[-1], "confirm"))

    [subscription] = Subscription.objects.all()
    assert subscription.target_amount == 18


BAD_INPUT = [
    ({"email": "not-an-email"}, "email", "Enter a valid email address"),
    ({"email": ""}, "email", "Enter your email address"),
    ({"kind": "sometimes"}, "kind", "Choose either a price drop or a target price"),
    ({"kind": "target", "target": ""}, "target", "Enter the price you are waiting for"),
    ({"kind": "target", "target": "0"}, "target", "must be more than zero"),
    ({"kind": "target", "target": "-5"}, "target", "must be more than zero"),
    ({"kind": "target", "target": "abc"}, "target", "Enter the target as a number"),
    ({"kind": "target", "target": "NaN"}, "target", "Enter the target as a number"),
    ({"kind": "target", "target": "1.234"}, "target", "at most 2 decimal places"),
    ({"kind": "target", "target": "99999999999999"}, "target", "far beyond any price"),
    ({"kind": "target", "target": "24.99"}, "target", "The price is already $24.99"),
    ({"kind": "target", "target": "0.10"}, "target", "under 1% of today&#x27;s price"),
    ({"product": "999999"}, "product", "This product is not in the catalogue"),
    ({"product": "x"}, "product", "This product is not in the catalogue"),
    ({"product": ""}, "product", "Choose a product to watch"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_on_its_field_and_kept(
    client: Client, product: Product, change: dict[str, str], field: str, message: str
) -> None:
    data = {"product": str(product.pk), "email": "ivy@example.com", "kind": "any_drop"}
    data.update(change)

    response = client.post(SUBSCRIBE, data)

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {field}
    page = response.content.decode()
    assert message in page
    if field != "email" and data["email"]:
        assert f'value="{data["email"]}"' in page, "what was typed must not be lost"
    assert mail.outbox == []
    assert not Subscription.objects.exists()


def test_an_unpublished_product_cannot_be_watched(client: Client, product: Product) -> None:
    Product.objects.filter(pk=product.pk).update(published=False)

    response = subscribe(client, product, "jo@example.com")

    assert response.status_code == 400
    assert "This product is not in the catalogue" in response.content.decode()
    assert client.get(SUBSCRIBE, {"product": product.pk}).status_code == 404


def test_a_target_typed_for_an_any_drop_alert_is_ignored(client: Client, product: Product) -> None:
    response = subscribe(client, product, "kim@example.com", kind="any_drop", target="-3")
    # `subscribe` sets the kind from the target; the explicit kind wins.
    assert response.status_code == 302
    assert Subscription.objects.get().target_amount is None


def test_the_standalone_form_shows_the_product(client: Client, product: Product) -> None:
    response = client.get(SUBSCRIBE, {"product": product.pk})

    assert response.status_code == 200
    assert product.title in response.content.decode()
    assert client.get(SUBSCRIBE, {"product": "x"}).status_code == 404


@override_settings(ALERTS_MAX_PER_ADDRESS=2)
def test_an_address_may_watch_only_so_many_products(client: Client) -> None:
    first, second, third = (product_at("24.99", asin=f"B0LIMIT00{n}") for n in range(3))
    assert subscribe(client, first, "lee@example.com").status_code == 302
    assert subscribe(client, second, "lee@example.com").status_code == 302

    refused = subscribe(client, third, "lee@example.com")

    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {"email"}
    assert "already has 2 price alerts" in refused.content.decode()
    assert subscribe(client, first, "lee@example.com").status_code == 302, "changing is allowed"


@override_settings(ALERTS_MAX_PER_PRODUCT=1)
def test_a_product_takes_only_so_many_alerts(client: Client, product: Product) -> None:
    assert subscribe(client, product, "mo@example.com").status_code == 302

    refused = subscribe(client, product, "ned@example.com")

    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {"product"}
    assert "as many price alerts as it can take" in refused.content.decode()


@override_settings(ALERTS_EMAILS_PER_ADDRESS_PER_HOUR=2)
def test_an_address_gets_only_so_many_emails_an_hour(client: Client, product: Product) -> None:
    for _ in range(2):
        assert subscribe(client, product, "oz@example.com").status_code == 302

    refused = subscribe(client, product, "OZ@example.com")

    assert refused.status_code == 400
    assert "Too many emails have been sent to this address" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert subscribe(client, product, "other@example.com").status_code == 302


@override_settings(ALERTS_REQUESTS_PER_CLIENT_PER_HOUR=2)
def test_a_client_may_submit_only_so_many_forms_an_hour(client: Client, product: Product) -> None:
    for n in range(2):
        assert subscribe(client, product, f"p{n}@example.com").status_code == 302

    refused = subscribe(client, product, "p9@example.com")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_keeps_nothing_and_loses_no_input(
    client: Client, product: Product
) -> None:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_TIMEOUT=2,
    ):
        response = subscribe(client, product, "quinn@example.com", target="20.00")

    assert response.status_code == 503
    page = response.content.decode()
    assert "could not send the confirmation email" in page
    assert 'value="quinn@example.com"' in page
    assert 'value="20.00"' in page
    assert not Subscription.objects.exists()

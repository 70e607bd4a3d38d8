"""Numbers in alert requests are ASCII digits: "²" passes `str.isdigit()` but not `int()`."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from devtools.testkit.catalogue import product_at
from products.alerts.links import manage_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("product", ["²", "\u0661", "99999999999999999999999", "-1", " 1"])
def test_a_product_that_is_not_a_plain_number_is_not_found(client: Client, product: str) -> None:
    assert client.get("/alerts/subscribe/", {"product": product}).status_code == 404


def test_a_plain_product_number_shows_the_form(client: Client) -> None:
    kettle = product_at("24.99")

    assert client.get("/alerts/subscribe/", {"product": str(kettle.pk)}).status_code == 200


@pytest.mark.parametrize(
    ("choice", "told"),
    [
        ("²", "Choose an alert to cancel."),
        ("\u0663", "Choose an alert to cancel."),
        ("99999999999999999999999", "Cancelled 0 alerts."),
    ],
)
def test_a_cancel_choice_that_is_not_a_plain_number_cancels_nothing(
    client: Client, choice: str, told: str
) -> None:
    path = manage_path("tess@example.com")

    response = client.post(path, {"cancel": choice})

    assert response.status_code == 302
    assert response["Location"] == path
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [told]

"""The catalogue receiver queues alert work after a drop, and never fails ingestion."""

from __future__ import annotations

import json
from unittest import mock

import pytest
import redis
from django.core import mail
from django.test import Client
from kombu.exceptions import OperationalError

from devtools.testkit.alerts import subscribe_and_confirm
from devtools.testkit.catalogue import product_at
from products.alerts.tasks import price_alerts_send, price_alerts_sweep
from products.models import Product

# Events go out on commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def _queued_alert_tasks(broker: redis.Redis) -> list[str]:
    messages = [json.loads(raw) for raw in broker.lrange("celery", 0, -1)]
    return [
        m["headers"]["argsrepr"]
        for m in messages
        if m["headers"]["task"] == "alerts.price_alerts_send"
    ]


def test_a_drop_queues_the_alert_task_on_the_broker(broker: redis.Redis) -> None:
    product_at("24.99")
    assert _queued_alert_tasks(broker) == [], "a new product is no drop"

    product = product_at("19.99")

    assert _queued_alert_tasks(broker) == [f"([{product.pk}],)"]


def test_a_rise_queues_nothing(broker: redis.Redis) -> None:
    product_at("24.99")
    product_at("29.99")

    assert _queued_alert_tasks(broker) == []


def test_a_broker_outage_is_logged_and_the_refresh_still_stands(
    caplog: pytest.LogCaptureFixture,
) -> None:
    product_at("24.99")
    with mock.patch.object(
        price_alerts_send, "delay", side_effect=OperationalError("Connection refused")
    ) as delay:
        product = product_at("19.99")

    delay.assert_called_once_with([product.pk])
    assert str(Product.objects.get(pk=product.pk).price_amount) == "19.99"
    assert "price alerts not queued: broker unavailable" in caplog.text


def test_the_sweep_sends_an_alert_the_broker_never_took(client: Client) -> None:
    subscribe_and_confirm(client, product_at("24.99"), "ivy@example.com")
    mail.outbox.clear()
    with mock.patch.object(
        price_alerts_send, "delay", side_effect=OperationalError("Connection refused")
    ):
        product_at("19.99")
    assert mail.outbox == []

    assert price_alerts_sweep() == {"sent": 1}
    assert price_alerts_sweep() == {"sent": 0}, "sent once"
    [message] = mail.outbox
    assert message.to == ["ivy@example.com"]

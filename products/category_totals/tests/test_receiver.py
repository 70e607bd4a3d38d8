"""A finished import queues a recount on the broker, and a broker outage never fails it."""

from __future__ import annotations

import json
from unittest import mock

import pytest
import redis
from django.utils import timezone
from kombu.exceptions import OperationalError

from products.category_totals.tasks import category_totals_refresh
from products.events import (
    IMPORT_FINISHED,
    PRICE_DROPPED,
    CatalogueEvent,
    catalogue_events_announce,
)

# Events go out on commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def queued_recounts(broker: redis.Redis) -> int:
    messages = [json.loads(raw) for raw in broker.lrange("celery", 0, -1)]
    return sum(m["headers"]["task"] == "category_totals.category_totals_refresh" for m in messages)


def event(kind: str) -> CatalogueEvent:
    return CatalogueEvent(kind=kind, at=timezone.now(), details={"run": 1})


def test_a_finished_import_queues_one_recount(broker: redis.Redis) -> None:
    catalogue_events_announce([event(PRICE_DROPPED)])
    assert queued_recounts(broker) == 0

    catalogue_events_announce([event(IMPORT_FINISHED), event(IMPORT_FINISHED)])

    assert queued_recounts(broker) == 1


def test_a_broker_outage_is_logged_and_never_raised(caplog: pytest.LogCaptureFixture) -> None:
    with mock.patch.object(
        category_totals_refresh, "delay", side_effect=OperationalError("Connection refused")
    ) as delay:
        catalogue_events_announce([event(IMPORT_FINISHED)])

    delay.assert_called_once_with()
    assert "category recount not queued: broker unavailable" in caplog.text

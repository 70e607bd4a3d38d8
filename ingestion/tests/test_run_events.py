"""The end of an import or watchlist run is announced to webhooks; routine refreshes are not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from unittest import mock

import pytest
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from devtools.loopback import free_port
from devtools.testkit.receiver import Receiver, serve_receiver
from ingestion.models import IngestionRun
from ingestion.runs import (
    ingestion_run_create,
    ingestion_run_finish,
    ingestion_run_record,
    ingestion_run_start,
)
from ingestion.tally import BatchTally
from products.events import IMPORT_FINISHED
from products.webhooks.models import Delivery, Webhook
from products.webhooks.signing import webhook_signature
from products.webhooks.tasks import webhook_delivery_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    yield from serve_receiver(Receiver(port=free_port()))


def test_the_end_of_an_import_is_posted_with_its_status_and_counts(
    receiver: Receiver, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    webhook = Webhook.objects.create(name="Bot", url=receiver.url, events=[IMPORT_FINISHED])
    run = ingestion_run_create(kind=IngestionRun.Kind.IMPORT, description="Import of 3 item(s)")
    ingestion_run_start(run)
    ingestion_run_record(
        run, BatchTally(items_seen=2, items_created=2, items_failed=1, api_requests=1)
    )
    watchlist = ingestion_run_create(kind=IngestionRun.Kind.WATCHLIST, description="Lamps")
    refresh = ingestion_run_create(kind=IngestionRun.Kind.REFRESH)

    with (
        mock.patch.object(webhook_delivery_attempt, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ingestion_run_finish(run)
        ingestion_run_finish(watchlist, failed=True, message="Stopped")
        ingestion_run_finish(refresh)

    deliveries = list(Delivery.objects.order_by("id"))
    assert [d.payload["details"]["run_id"] for d in deliveries] == [run.pk, watchlist.pk]
    assert apply_async.call_count == 2
    webhook_delivery_attempt(deliveries[0].pk)
    [request] = receiver.requests
    timestamp = request.headers["X-Webhook-Timestamp"]
    assert request.headers["X-Webhook-Signature"] == webhook_signature(
        secret=webhook.secret, timestamp=timestamp, body=request.body
    )
    data = json.loads(request.body)["data"]
    assert data["kind"] == IMPORT_FINISHED
    assert data["asin"] == "" and data["product_id"] is None
    details = data["details"]
    assert (details["run_id"], details["kind"]) == (run.pk, "import")
    assert details["status"] == IngestionRun.Status.PARTIAL
    assert details["counts"]["items_created"] == 2
    assert details["counts"]["items_failed"] == 1
    assert deliveries[1].payload["details"]["status"] == IngestionRun.Status.FAILED

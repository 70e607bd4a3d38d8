"""An import on a real Celery worker ends with a signed webhook POST, sent by the worker."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from devtools.loopback import free_port
from devtools.testkit.receiver import Receiver, serve_receiver
from devtools.testkit.sandbox import sandbox_env
from devtools.testkit.workers import celery_workers, finished, queue_imports, wait_for
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from products.events import IMPORT_FINISHED
from products.webhooks.models import Delivery, Webhook
from products.webhooks.signing import webhook_signature

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve_receiver(Receiver(port=free_port()))


def test_an_import_on_a_worker_is_announced_to_a_slow_receiver_after_the_run_ends(
    creators_api: SandboxServer, receiver: Receiver
) -> None:
    receiver.delay = 2
    webhook = Webhook.objects.create(name="Bot", url=receiver.url, events=[IMPORT_FINISHED])
    env = {
        **sandbox_env(creators_api, tps=20),
        "WEBHOOK_ALLOW_HTTP": "true",
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
    }

    with celery_workers(count=1, concurrency=1, env=env):
        [run_id] = queue_imports(creators_api, runs=1, per_run=5)
        wait_for(
            lambda: Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).exists(),
            timeout=60,
            what="the import and its webhook delivery",
        )

    assert finished([run_id])
    run = IngestionRun.objects.get(pk=run_id)
    delivery = Delivery.objects.get()
    # The run ended before the receiver was called: its 2 s are not the run's.
    assert run.finished_at is not None and delivery.last_attempt_at is not None
    assert run.finished_at <= delivery.last_attempt_at
    assert delivery.duration_ms is not None and delivery.duration_ms >= 2000
    [request] = receiver.requests
    timestamp = request.headers["X-Webhook-Timestamp"]
    assert request.headers["X-Webhook-Signature"] == webhook_signature(
        secret=webhook.secret, timestamp=timestamp, body=request.body
    )
    details = json.loads(request.body)["data"]["details"]
    assert details["run_id"] == run_id and details["status"] == IngestionRun.Status.SUCCEEDED
    assert details["counts"]["items_created"] == 5

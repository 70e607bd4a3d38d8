"""Deliveries to a real HTTP receiver on loopback: signed, retried, bounded, never in the way."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from devtools.loopback import HOST, free_port
from devtools.testkit.catalogue import FETCHED_AT, ProductRecordFactory
from devtools.testkit.receiver import Receiver
from products.events import BACK_IN_STOCK, PRICE_DROPPED
from products.records import Availability
from products.services import product_upsert
from products.webhooks import tasks
from products.webhooks.deliveries import (
    RETRY_BASE_SECONDS,
    webhook_deliveries_due,
    webhook_delivery_attempt,
)
from products.webhooks.models import Delivery, Webhook
from products.webhooks.transport import RESPONSE_EXCERPT_BYTES

pytestmark = pytest.mark.django_db


def verify(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check, as the README shows it."""
    timestamp = headers["X-Webhook-Timestamp"]
    signed = f"{timestamp}.".encode() + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(timestamp)) <= tolerance
    return fresh and hmac.compare_digest(expected, headers["X-Webhook-Signature"])


def hook(url: str, events: tuple[str, ...] = (PRICE_DROPPED,), **fields: object) -> Webhook:
    return Webhook.objects.create(name="Shop bot", url=url, events=list(events), **fields)


def drop_a_price(captured: DjangoCaptureOnCommitCallbacks, *, marketplace: str = "US") -> None:
    """GIVEN a stored product WHEN ingestion stores it again cheaper: one PRICE_DROPPED event."""
    record = ProductRecordFactory.build(marketplace=marketplace)
    product_upsert([record])
    with captured(execute=True):
        product_upsert(
            [
                replace(
                    record, fetched_at=FETCHED_AT + timedelta(hours=1), price_amount=Decimal("9.00")
                )
            ]
        )


@pytest.fixture
def queued() -> Iterator[mock.MagicMock]:
    """What the receiver hands to the broker (enqueueing is the point of these tests)."""
    with mock.patch.object(tasks.webhook_delivery_attempt, "apply_async") as apply_async:
        yield apply_async


def test_a_price_drop_is_posted_signed_and_the_signature_verifies(
    receiver: Receiver,
    queued: mock.MagicMock,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    webhook = hook(receiver.url)

    drop_a_price(django_capture_on_commit_callbacks)
    [delivery] = Delivery.objects.all()
    queued.assert_called_once_with((delivery.pk,), retry=False)
    tasks.webhook_delivery_attempt(delivery.pk)

    [request] = receiver.requests
    assert request.path == "/hooks/catalogue"
    assert verify(webhook.secret, request.headers, request.body)
    assert not verify("another-secret", request.headers, request.body)
    assert not verify(webhook.secret, request.headers, request.body + b" ")
    body = json.loads(request.body)
    assert body["id"] == str(delivery.uuid) == request.headers["X-Webhook-Id"]
    assert body["event"] == PRICE_DROPPED == request.headers["X-Webhook-Event"]
    assert body["data"]["new_amount"] == "9.00"
    assert body["data"]["old_amount"] == "24.99"
    assert request.headers["Content-Type"] == "application/json"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert (delivery.attempts, delivery.response_status, delivery.error) == (1, 200, "")
    assert delivery.response_body == '{"ok": true}'
    assert delivery.duration_ms is not None and delivery.next_attempt_at is None


def test_a_500_is_retried_after_a_backoff_and_then_succeeds(receiver: Receiver) -> None:
    receiver.statuses = [500, 500, 200]
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    first = webhook_delivery_attempt(delivery.pk)
    assert first is not None and first.status == Delivery.Status.PENDING
    assert (first.attempts, first.response_status, first.error) == (1, 500, "HTTP 500")
    assert first.next_attempt_at is not None
    wait = first.next_attempt_at - timezone.now()
    assert (
        timedelta(seconds=RETRY_BASE_SECONDS / 2 - 1)
        < wait
        <= timedelta(seconds=RETRY_BASE_SECONDS)
    )
    # Not due yet: neither the task nor the sweep sends it again.
    assert webhook_delivery_attempt(delivery.pk) is None
    assert webhook_deliveries_due() == []

    second = webhook_delivery_attempt(delivery.pk, now=first.next_attempt_at)
    assert second is not None and second.attempts == 2
    assert second.next_attempt_at is not None
    # The second wait is twice the first's range.
    assert second.next_attempt_at - first.next_attempt_at > timedelta(
        seconds=RETRY_BASE_SECONDS - 2
    )
    third = webhook_delivery_attempt(delivery.pk, now=second.next_attempt_at)

    assert third is not None and third.status == Delivery.Status.SUCCEEDED
    assert (third.attempts, third.response_status, third.error) == (3, 200, "")
    assert len(receiver.requests) == 3
    # Every attempt carries the same id, so the receiver can drop repeats.
    assert len({r.headers["X-Webhook-Id"] for r in receiver.requests}) == 1


def test_a_delivery_fails_for_good_after_the_last_attempt(
    receiver: Receiver, settings: Settings
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.statuses = [503]
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    first = webhook_delivery_attempt(delivery.pk)
    assert first is not None and first.next_attempt_at is not None
    last = webhook_delivery_attempt(delivery.pk, now=first.next_attempt_at)

    assert last is not None and last.status == Delivery.Status.FAILED
    assert (last.attempts, last.response_status, last.next_attempt_at) == (2, 503, None)


def test_a_slow_receiver_is_given_up_on_after_the_timeout(
    receiver: Receiver, settings: Settings
) -> None:
    settings.WEBHOOK_TIMEOUT = 0.5
    receiver.delay = 5
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    started = time.monotonic()
    attempted = webhook_delivery_attempt(delivery.pk)
    elapsed = time.monotonic() - started

    assert elapsed < 1.5
    assert attempted is not None and attempted.status == Delivery.Status.PENDING
    assert attempted.response_status is None
    assert "timed out" in attempted.error.lower()
    assert attempted.duration_ms is not None and 400 <= attempted.duration_ms < 1500


def test_a_receiver_that_is_down_or_slow_never_delays_ingestion(
    settings: Settings,
    receiver: Receiver,
    queued: mock.MagicMock,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    receiver.delay = 5
    down = f"http://{HOST}:{free_port()}/hook"
    hook(down)
    hook(receiver.url)

    started = time.monotonic()
    drop_a_price(django_capture_on_commit_callbacks)
    elapsed = time.monotonic() - started

    # The upserts only recorded and queued two deliveries; nothing was sent yet.
    assert elapsed < 1.0
    assert receiver.requests == []
    assert queued.call_count == 2
    to_down = Delivery.objects.get(webhook__url=down)
    assert (to_down.status, to_down.attempts) == (Delivery.Status.PENDING, 0)
    # The worker's attempt finds the receiver down and schedules a retry.
    attempted = webhook_delivery_attempt(to_down.pk)
    assert attempted is not None and attempted.status == Delivery.Status.PENDING
    assert attempted.attempts == 1 and attempted.response_status is None
    assert "refused" in attempted.error.lower()
    assert attempted.next_attempt_at is not None and attempted.next_attempt_at > timezone.now()


def test_a_delivery_the_broker_did_not_take_is_sent_by_the_sweep(
    receiver: Receiver,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    hook(receiver.url)
    with mock.patch.object(
        tasks.webhook_delivery_attempt, "apply_async", side_effect=OperationalError("broker down")
    ):
        drop_a_price(django_capture_on_commit_callbacks)
    [delivery] = Delivery.objects.all()
    assert delivery.status == Delivery.Status.PENDING

    with mock.patch.object(tasks.webhook_delivery_attempt, "apply_async") as apply_async:
        assert tasks.webhook_deliveries_sweep() == 1
    apply_async.assert_called_once_with((delivery.pk,), retry=False)
    tasks.webhook_delivery_attempt(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_only_active_hooks_for_the_event_and_store_get_a_delivery(
    receiver: Receiver,
    queued: mock.MagicMock,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    wanted = hook(receiver.url, events=(PRICE_DROPPED, BACK_IN_STOCK), marketplace="US")
    hook(receiver.url, events=(BACK_IN_STOCK,))
    hook(receiver.url, marketplace="UK")
    hook(receiver.url, active=False)

    drop_a_price(django_capture_on_commit_callbacks)

    assert [d.webhook for d in Delivery.objects.all()] == [wanted]


def test_redirects_are_not_followed(receiver: Receiver) -> None:
    receiver.statuses = [302]
    receiver.extra_headers = {"Location": "http://169.254.169.254/latest/meta-data/"}
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    attempted = webhook_delivery_attempt(delivery.pk)

    assert attempted is not None and attempted.status == Delivery.Status.PENDING
    assert (attempted.response_status, attempted.error) == (302, "HTTP 302")
    assert len(receiver.requests) == 1


def test_only_an_excerpt_of_the_answer_is_kept(receiver: Receiver) -> None:
    receiver.answer = b"x" * 100_000
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    attempted = webhook_delivery_attempt(delivery.pk)

    assert attempted is not None and attempted.status == Delivery.Status.SUCCEEDED
    assert attempted.response_body == "x" * RESPONSE_EXCERPT_BYTES


def test_the_address_is_checked_again_when_sending(receiver: Receiver, settings: Settings) -> None:
    delivery = Delivery.objects.create(
        webhook=hook(receiver.url), event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    attempted = webhook_delivery_attempt(delivery.pk)

    assert attempted is not None and attempted.status == Delivery.Status.PENDING
    assert "private, loopback or link-local" in attempted.error
    assert receiver.requests == []


def test_a_back_in_stock_event_reaches_its_hook(
    receiver: Receiver,
    queued: mock.MagicMock,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    hook(receiver.url, events=(BACK_IN_STOCK,))
    record = ProductRecordFactory.build(availability=Availability.OUT_OF_STOCK)
    product_upsert([record])

    with django_capture_on_commit_callbacks(execute=True):
        product_upsert(
            [
                replace(
                    record,
                    fetched_at=FETCHED_AT + timedelta(hours=1),
                    availability=Availability.IN_STOCK,
                )
            ]
        )

    [delivery] = Delivery.objects.all()
    assert delivery.event == BACK_IN_STOCK
    assert delivery.payload["asin"] == record.asin


def test_an_https_receiver_is_reached_with_its_certificate_checked_against_the_host(
    tls_receiver: Receiver, tls_certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    webhook = hook(tls_receiver.url)
    untrusted = Delivery.objects.create(
        webhook=webhook, event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )

    refused = webhook_delivery_attempt(untrusted.pk)
    # Trusting the certificate (as a receiver's would be, through a public authority).
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate))
    trusted = Delivery.objects.create(
        webhook=webhook, event=PRICE_DROPPED, next_attempt_at=timezone.now()
    )
    delivered = webhook_delivery_attempt(trusted.pk)

    assert refused is not None and refused.status == Delivery.Status.PENDING
    assert "CERTIFICATE_VERIFY_FAILED" in refused.error
    assert delivered is not None and delivered.status == Delivery.Status.SUCCEEDED
    [request] = tls_receiver.requests
    assert request.headers["Host"] == f"localhost:{tls_receiver.port}"
    assert verify(webhook.secret, request.headers, request.body)

"""The webhook form refuses bad input field by field; the admin sends tests, rotates, retries."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from devtools.testkit.receiver import Receiver
from products.events import IMPORT_FINISHED, PRICE_DROPPED
from products.webhooks.forms import WebhookForm
from products.webhooks.models import TEST_EVENT, Delivery, Webhook
from products.webhooks.tasks import webhook_delivery_attempt

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://8.8.8.8/hooks"


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("operator", "o@example.com", "pw"))
    return client


def form_errors(**data: object) -> dict[str, list[str]]:
    fields = {"name": "Shop bot", "url": PUBLIC_URL, "events": [PRICE_DROPPED], "active": True}
    form = WebhookForm(data={**fields, **data})
    assert not form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def test_a_valid_webhook_is_saved_with_a_generated_secret() -> None:
    form = WebhookForm(
        data={"name": "Shop bot", "url": PUBLIC_URL, "events": [PRICE_DROPPED, IMPORT_FINISHED]}
    )

    assert form.is_valid(), form.errors
    webhook = form.save()
    assert webhook.events == [PRICE_DROPPED, IMPORT_FINISHED]
    assert len(webhook.secret) == 64
    assert Webhook.objects.create(name="b", url=PUBLIC_URL, events=[PRICE_DROPPED]).secret != (
        webhook.secret
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": "not a url"}, "url", "Enter a valid URL."),
        ({"url": ""}, "url", "This field is required."),
        ({"url": "ftp://8.8.8.8/x"}, "url", "Use an https:// URL."),
        ({"url": "http://8.8.8.8/x"}, "url", "Use https://"),
        ({"url": "https://user:pw@8.8.8.8/x"}, "url", "Remove the user name and password"),
        ({"url": "https://127.0.0.1/x"}, "url", "private, loopback or link-local"),
        ({"url": "https://10.1.2.3/x"}, "url", "private, loopback or link-local"),
        ({"url": "https://169.254.169.254/latest"}, "url", "private, loopback or link-local"),
        ({"url": "https://[::1]/x"}, "url", "private, loopback or link-local"),
        ({"url": "https://localhost/x"}, "url", "private, loopback or link-local"),
        ({"events": []}, "events", "Choose at least one event."),
        ({"events": ["price_rose"]}, "events", "Select a valid choice."),
        ({"name": ""}, "name", "This field is required."),
        ({"marketplace": "XX"}, "marketplace", "Select a valid choice."),
    ],
)
def test_each_bad_field_gets_its_own_error(
    data: dict[str, object], field: str, message: str
) -> None:
    errors = form_errors(**data)

    assert list(errors) == [field]
    assert any(message in error for error in errors[field]), errors


def test_two_bad_fields_get_an_error_each() -> None:
    errors = form_errors(url="https://me:secret@10.0.0.1/", events=[])

    assert set(errors) == {"url", "events"}
    assert len(errors["url"]) == 2  # the credentials and the private address


def test_a_local_receiver_is_allowed_when_the_settings_say_so(settings: Settings) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True

    form = WebhookForm(
        data={"name": "Local", "url": "http://127.0.0.1:9000/x", "events": [PRICE_DROPPED]}
    )

    assert form.is_valid(), form.errors


def test_the_admin_form_shows_errors_beside_their_fields_and_saves_nothing(staff: Client) -> None:
    page = staff.post(
        reverse("admin:webhooks_webhook_add"),
        {"name": "Bot", "url": "https://u:p@10.0.0.1/", "events": [], "marketplace": ""},
    )

    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert set(errors) == {"url", "events"}
    assert Webhook.objects.count() == 0
    # What was typed is kept, so nothing has to be typed again.
    assert 'value="Bot"' in page.content.decode()


def test_the_admin_shows_the_secret_once_saved(staff: Client) -> None:
    webhook = Webhook.objects.create(name="Bot", url=PUBLIC_URL, events=[PRICE_DROPPED])

    page = staff.get(reverse("admin:webhooks_webhook_change", args=[webhook.pk]))

    assert webhook.secret in page.content.decode()


def test_rotating_the_secret_gives_a_new_one(staff: Client) -> None:
    webhook = Webhook.objects.create(name="Bot", url=PUBLIC_URL, events=[PRICE_DROPPED])
    old = webhook.secret

    staff.post(
        reverse("admin:webhooks_webhook_changelist"),
        {"action": "rotate_secret", "_selected_action": [webhook.pk]},
    )

    webhook.refresh_from_db()
    assert webhook.secret != old and len(webhook.secret) == 64


def test_send_test_event_reaches_the_receiver_signed(
    staff: Client,
    receiver: Receiver,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    webhook = Webhook.objects.create(name="Bot", url=receiver.url, events=[IMPORT_FINISHED])

    with (
        mock.patch.object(webhook_delivery_attempt, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff.post(
            reverse("admin:webhooks_webhook_changelist"),
            {"action": "send_test_event", "_selected_action": [webhook.pk]},
        )
    [delivery] = Delivery.objects.all()
    apply_async.assert_called_once_with((delivery.pk,), retry=False)
    webhook_delivery_attempt(delivery.pk)

    [request] = receiver.requests
    assert request.headers["X-Webhook-Event"] == TEST_EVENT
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status) == (Delivery.Status.SUCCEEDED, 200)


def test_retry_now_queues_failed_and_pending_deliveries_but_not_delivered_ones(
    staff: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    webhook = Webhook.objects.create(name="Bot", url=PUBLIC_URL, events=[PRICE_DROPPED])
    later = timezone.now() + timedelta(hours=1)
    failed, pending, done = (
        Delivery.objects.create(webhook=webhook, event=PRICE_DROPPED, status=status, attempts=8)
        for status in (Delivery.Status.FAILED, Delivery.Status.PENDING, Delivery.Status.SUCCEEDED)
    )
    Delivery.objects.filter(pk=pending.pk).update(next_attempt_at=later)

    with (
        mock.patch.object(webhook_delivery_attempt, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "retry_now", "_selected_action": [failed.pk, pending.pk, done.pk]},
        )

    assert sorted(call.args[0][0] for call in apply_async.call_args_list) == sorted(
        [failed.pk, pending.pk]
    )
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.PENDING
    assert failed.next_attempt_at is not None and failed.next_attempt_at <= timezone.now()
    done.refresh_from_db()
    assert done.status == Delivery.Status.SUCCEEDED


def test_the_delivery_log_filters_by_hook_status_event_and_response_code(staff: Client) -> None:
    first = Webhook.objects.create(name="First", url=PUBLIC_URL, events=[PRICE_DROPPED])
    second = Webhook.objects.create(name="Second", url=PUBLIC_URL, events=[PRICE_DROPPED])
    ok = Delivery.objects.create(
        webhook=first, event=PRICE_DROPPED, status="succeeded", attempts=1, response_status=204
    )
    broken = Delivery.objects.create(
        webhook=second, event=IMPORT_FINISHED, status="failed", attempts=8, response_status=502
    )
    silent = Delivery.objects.create(
        webhook=second, event=PRICE_DROPPED, status="pending", attempts=2, error="timed out"
    )
    url = reverse("admin:webhooks_delivery_changelist")

    def listed(query: str) -> set[int]:
        page = staff.get(f"{url}?{query}")
        assert page.status_code == 200
        return {d.pk for d in page.context["cl"].result_list}

    assert listed(f"webhook__id__exact={second.pk}") == {broken.pk, silent.pk}
    assert listed("status__exact=failed") == {broken.pk}
    assert listed(f"event__exact={PRICE_DROPPED}") == {ok.pk, silent.pk}
    assert listed("code=5xx") == {broken.pk}
    assert listed("code=2xx") == {ok.pk}
    assert listed("code=none") == {silent.pk}
    detail = staff.get(reverse("admin:webhooks_delivery_change", args=[broken.pk]))
    assert detail.status_code == 200 and "502" in detail.content.decode()

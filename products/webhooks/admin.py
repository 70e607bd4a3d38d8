"""Staff tools for webhooks: the hooks with their secret and a test event, and the delivery log."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from products.admin_stores import CarriedStoreAdmin, carried_store_filter
from products.webhooks.deliveries import webhook_deliveries_retry_now, webhook_test_delivery_create
from products.webhooks.forms import WebhookForm
from products.webhooks.models import WEBHOOK_FIELDS, Delivery, Webhook
from products.webhooks.signing import webhook_secret_new
from products.webhooks.tasks import deliveries_enqueue


def _enqueue_after_commit(ids: list[int]) -> None:
    transaction.on_commit(lambda: deliveries_enqueue(ids))


@admin.register(Webhook)
class WebhookAdmin(CarriedStoreAdmin):
    form = WebhookForm
    list_display = ("name", "url", "event_list", "marketplace", "active", "deliveries_link")
    list_filter = ("active", carried_store_filter())
    search_fields = ("name", "url")
    readonly_fields = ("secret", "created_at", "updated_at")
    actions = ("send_test_event", "rotate_secret")

    def get_fields(self, request: HttpRequest, obj: Webhook | None = None) -> tuple[str, ...]:
        # The secret exists once the webhook is saved; it is shown so the receiver can copy it.
        return (*WEBHOOK_FIELDS, *(self.readonly_fields if obj else ()))

    @admin.display(description="events")
    def event_list(self, webhook: Webhook) -> str:
        return ", ".join(webhook.events)

    @admin.display(description="deliveries")
    def deliveries_link(self, webhook: Webhook) -> str:
        url = reverse("admin:webhooks_delivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html('<a href="{}">deliveries</a>', url)

    @admin.action(description="Send a test event to the selected webhooks")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        ids = [webhook_test_delivery_create(webhook).pk for webhook in queryset]
        _enqueue_after_commit(ids)
        self.message_user(
            request,
            f"Test event queued for {len(ids)} webhook(s); its delivery shows under Deliveries.",
            messages.SUCCESS,
        )

    @admin.action(description="Rotate the secret of the selected webhooks")
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for webhook in queryset:
            webhook.secret = webhook_secret_new()
            webhook.save(update_fields=["secret", "updated_at"])
        self.message_user(
            request,
            f"New secret for {queryset.count()} webhook(s): give it to the receiver; deliveries "
            "from now on are signed with it.",
            messages.WARNING,
        )


class ResponseCodeFilter(admin.SimpleListFilter):
    title = "response code"
    parameter_name = "code"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("2xx", "2xx"),
            ("3xx", "3xx"),
            ("4xx", "4xx"),
            ("5xx", "5xx"),
            ("none", "No answer"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> QuerySet[Delivery]:
        value = self.value()
        if value == "none":
            return queryset.filter(response_status__isnull=True, attempts__gt=0)
        if value in {"2xx", "3xx", "4xx", "5xx"}:
            low = int(value[0]) * 100
            return queryset.filter(response_status__gte=low, response_status__lt=low + 100)
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "webhook",
        "event",
        "status",
        "attempts",
        "response_status",
        "duration_ms",
        "next_attempt_at",
    )
    list_filter = ("status", "event", ResponseCodeFilter, "webhook")
    list_select_related = ("webhook",)
    search_fields = ("=uuid", "webhook__name")
    date_hierarchy = "created_at"
    actions = ("retry_now",)
    fields = (
        "uuid",
        "webhook",
        "event",
        "status",
        "attempts",
        "response_status",
        "response_body",
        "error",
        "duration_ms",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "payload",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False

    @admin.action(description="Retry the selected deliveries now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = webhook_deliveries_retry_now(queryset)
        _enqueue_after_commit(ids)
        skipped = queryset.count() - len(ids)
        note = f"; {skipped} already delivered, not sent again" if skipped else ""
        self.message_user(request, f"{len(ids)} delivery(ies) queued{note}.", messages.SUCCESS)

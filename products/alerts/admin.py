from django.contrib import admin

from products.admin_stores import carried_store_filter
from products.alerts.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "product",
        "kind",
        "target_amount",
        "currency",
        "created_at",
        "confirmed_at",
        "notified_at",
    ]
    list_filter = [
        "kind",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("notified_at", admin.EmptyFieldListFilter),
        carried_store_filter("product__marketplace"),
    ]
    search_fields = ["email", "product__asin", "product__title"]
    list_select_related = ["product"]
    raw_id_fields = ["product"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "token",
        "created_at",
        "confirmed_at",
        "notified_at",
        "notified_amount",
    ]

"""Click counts in the admin: daily rows with filters, totals for the filtered rows, CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from products.admin_stores import carried_store_filter
from products.clicks.export import clicks_csv_response
from products.clicks.models import DailyClicks
from products.clicks.selectors import (
    clicks_export_rows,
    clicks_total,
    clicks_totals_by_collection,
    clicks_totals_by_product,
)


@admin.register(DailyClicks)
class DailyClicksAdmin(admin.ModelAdmin):
    list_display = ("day", "product", "marketplace", "collection", "count")
    list_filter = (
        ("day", admin.DateFieldListFilter),
        carried_store_filter("product__marketplace"),
        ("collection", admin.RelatedOnlyFieldListFilter),
    )
    date_hierarchy = "day"
    search_fields = ("=product__asin", "product__title")
    list_select_related = ("product", "collection")
    list_per_page = 100
    show_full_result_count = False
    actions = ("export_csv",)

    @admin.display(description="marketplace", ordering="product__marketplace")
    def marketplace(self, row: DailyClicks) -> str:
        return row.product.marketplace

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and "cl" in (response.context_data or {}):
            # Totals follow the sidebar's filters, so "this month, UK" sums what is listed.
            rows = response.context_data["cl"].queryset  # type: ignore[index]
            response.context_data.update(  # type: ignore[union-attr]
                clicks_total=clicks_total(rows),
                clicks_by_product=clicks_totals_by_product(rows),
                clicks_by_collection=clicks_totals_by_collection(rows),
            )
        return response

    @admin.action(description="Export selected rows as CSV")
    def export_csv(
        self, request: HttpRequest, queryset: QuerySet[DailyClicks]
    ) -> StreamingHttpResponse:
        filename = f"clicks-{timezone.now():%Y%m%d-%H%M}.csv"
        return clicks_csv_response(clicks_export_rows(queryset), filename=filename)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

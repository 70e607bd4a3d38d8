"""Staff tools for ingestion: watchlists, runs, imports, refresh now, quota fit, API access."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from ingestion.access import access_retry_now
from ingestion.capacity import quota_capacity
from ingestion.forms import ImportForm
from ingestion.imports import import_run_create
from ingestion.models import RUN_COUNTERS, WATCHLIST_FIELDS, ApiAccess, IngestionRun, Watchlist
from ingestion.regions import carried_regions, region_stores
from ingestion.store_accounts import store_accounts
from ingestion.tasks import items_import, watchlist_run
from products.admin import ProductAdmin
from products.admin_actions import refuse_each
from products.admin_stores import CarriedStoreAdmin, carried_store_filter
from products.models import Product
from products.selectors import products_carried


def quota_fit() -> list[dict[str, Any]]:
    """Per credential region: items its quota can refresh per 24 h against items its stores
    carry, for the admin pages."""
    rows = []
    for region in carried_regions():
        capacity = quota_capacity(region)
        stores = region_stores(region)
        carried = products_carried(marketplaces=stores)
        rows.append(
            {
                "region": region,
                "stores": ", ".join(stores),
                "carried": carried,
                "refreshable": capacity.refreshable_per_day,
                "requests_per_day": capacity.requests_per_day,
                "fits": carried <= capacity.refreshable_per_day,
            }
        )
    return rows


def _queue_import(run: IngestionRun) -> None:
    transaction.on_commit(lambda: items_import.delay(run.pk))


def _short_time(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j M H:i") if moment else "-"


def _run_link(run: IngestionRun) -> str:
    url = reverse("admin:ingestion_ingestionrun_change", args=[run.pk])
    return format_html('<a href="{}">run #{}</a>', url, run.pk)


@admin.register(Watchlist)
class WatchlistAdmin(CarriedStoreAdmin):
    list_display = (*WATCHLIST_FIELDS, "last_run_link")
    list_filter = ("active", carried_store_filter())
    search_fields = ("name", "keywords", "=browse_node_id")
    list_select_related = ("last_run",)
    fields = WATCHLIST_FIELDS
    actions = ("run_now",)

    @admin.display(description="last run")
    def last_run_link(self, watchlist: Watchlist) -> str:
        return _run_link(watchlist.last_run) if watchlist.last_run else "-"

    change_form_template = "admin/ingestion/watchlist/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<int:object_id>/run/",
                self.admin_site.admin_view(self.run_view),
                name="ingestion_watchlist_run",
            )
        ]
        return extra + super().get_urls()

    @admin.action(description="Run selected watchlists now")
    def run_now(self, request: HttpRequest, queryset: QuerySet[Watchlist]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        for watchlist_id in ids:
            transaction.on_commit(partial(watchlist_run.delay, watchlist_id))
        self.message_user(request, f"{len(ids)} watchlist run(s) queued.", messages.SUCCESS)

    @method_decorator(require_POST)
    def run_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The change page's "Run now" button: the action, for this watchlist."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        self.run_now(request, Watchlist.objects.filter(pk=object_id))
        return redirect("admin:ingestion_watchlist_change", object_id)


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    # Short headers, so every counter stays in view at 1280 px.
    list_display = (
        "id",
        "kind",
        "status",
        "short_description",
        "queued",
        "finished",
        "requests",
        "throttled_column",
        "created",
        "updated",
        "unchanged",
        "failed",
    )
    list_display_links = ("id", "short_description")
    list_filter = ("kind", "status")
    date_hierarchy = "queued_at"
    show_full_result_count = False
    readonly_fields = (
        "kind",
        "status",
        "description",
        "watchlist",
        "queued_at",
        "started_at",
        "finished_at",
        *RUN_COUNTERS,
        "message",
        "refused_table",
        "error_table",
    )
    fields = readonly_fields
    change_list_template = "admin/ingestion/ingestionrun/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="description", ordering="description")
    def short_description(self, run: IngestionRun) -> str:
        return format_html('<span class="clamp-2">{}</span>', run.description or "-")

    @admin.display(description="queued", ordering="queued_at")
    def queued(self, run: IngestionRun) -> str:
        return _short_time(run.queued_at)

    @admin.display(description="finished", ordering="finished_at")
    def finished(self, run: IngestionRun) -> str:
        return _short_time(run.finished_at)

    @admin.display(description="requests", ordering="api_requests")
    def requests(self, run: IngestionRun) -> int:
        return run.api_requests

    @admin.display(description="429s", ordering="throttled")
    def throttled_column(self, run: IngestionRun) -> int:
        return run.throttled

    @admin.display(description="new", ordering="items_created")
    def created(self, run: IngestionRun) -> int:
        return run.items_created

    @admin.display(description="updated", ordering="items_updated")
    def updated(self, run: IngestionRun) -> int:
        return run.items_updated

    @admin.display(description="same", ordering="items_unchanged")
    def unchanged(self, run: IngestionRun) -> int:
        return run.items_unchanged

    @admin.display(description="failed", ordering="items_failed")
    def failed(self, run: IngestionRun) -> int:
        return run.items_failed

    @admin.display(description="errors")
    def error_table(self, run: IngestionRun) -> str:
        if not run.errors:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((e.get("item", ""), e.get("code", ""), e.get("message", "")) for e in run.errors),
        )
        return format_html(
            "<table><thead><tr><th>item</th><th>code</th><th>message</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="refused entries")
    def refused_table(self, run: IngestionRun) -> str:
        if not run.refused:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            ((r.get("entry", ""), r.get("message", "")) for r in run.refused),
        )
        return format_html(
            "<table><thead><tr><th>entry</th><th>why</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="ingestion_ingestionrun_import",
            )
        ]
        return extra + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "quota_fit": quota_fit()}
        return super().changelist_view(request, extra_context=context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request) or not request.user.has_perm(
            "products.add_product"
        ):
            return redirect("admin:index")
        form = ImportForm(request.POST or None)
        errors: list[tuple[str, str]] = []
        run = None
        if request.method == "POST" and form.is_valid():
            run, errors = import_run_create(
                form.cleaned_data["entries"], marketplace=form.cleaned_data["marketplace"]
            )
            if run is not None:
                _queue_import(run)
                messages.success(
                    request,
                    format_html(
                        "{} item(s) queued for import: follow {}.",
                        len(run.requested),
                        _run_link(run),
                    ),
                )
                if not errors:
                    return redirect("admin:ingestion_ingestionrun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import ASINs or Amazon URLs",
            "form": form,
            "entry_errors": errors,
            "run": run,
            "quota_fit": quota_fit(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/ingestion/import.html", context)


@admin.register(ApiAccess)
class ApiAccessAdmin(admin.ModelAdmin):
    """Access per credential region, under a table of every carried store's tag, credential,
    last successful call, quota used today and access."""

    list_display = ("region", "blocked", "reason", "since", "checked_at")
    readonly_fields = ("region", "blocked", "reason", "message", "since", "checked_at")
    fields = readonly_fields
    actions = ("allow_again",)
    change_list_template = "admin/ingestion/apiaccess/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "store_accounts": store_accounts()}
        return super().changelist_view(request, extra_context=context)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<str:region>/try-again/",
                self.admin_site.admin_view(self.try_again_view),
                name="ingestion_apiaccess_try_again",
            )
        ]
        return extra + super().get_urls()

    @admin.action(description="Try the API again now")
    def allow_again(self, request: HttpRequest, queryset: QuerySet[ApiAccess]) -> None:
        for region in queryset.values_list("region", flat=True):
            access_retry_now(region)
        self.message_user(request, "The next run will try the API again.", messages.SUCCESS)

    @method_decorator(require_POST)
    def try_again_view(self, request: HttpRequest, region: str) -> HttpResponse:
        """The banner's button: the same as the action, for one region."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        access_retry_now(region)
        self.message_user(
            request, f"The next run will try the {region} credential again.", messages.SUCCESS
        )
        return redirect("admin:ingestion_apiaccess_changelist")


class CatalogueProductAdmin(ProductAdmin):
    """The catalogue's product admin with ingestion's "refresh now", as an action and as a
    button on the product's page."""

    actions: tuple[str, ...] = (*ProductAdmin.actions, "refresh_now")
    change_form_template = "admin/products/product/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<int:object_id>/refresh/",
                self.admin_site.admin_view(self.refresh_view),
                name="products_product_refresh",
            )
        ]
        return extra + super().get_urls()

    @method_decorator(require_POST)
    def refresh_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        self.refresh_now(request, Product.objects.filter(pk=object_id))
        return redirect("admin:products_product_change", object_id)

    @admin.action(description="Refresh selected products from Amazon now")
    def refresh_now(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        products = list(queryset.order_by("marketplace", "asin"))
        carried = set(settings.AMAZON_MARKETPLACES)
        runs = []
        for marketplace in sorted({p.marketplace for p in products} & carried):
            run, _ = import_run_create(
                [p.asin for p in products if p.marketplace == marketplace],
                marketplace=marketplace,
                description=f"Refresh now of {len(products)} product(s)",
            )
            if run is not None:
                _queue_import(run)
                runs.append(run)
        if runs:
            links = format_html_join(", ", "{}", ((_run_link(run),) for run in runs))
            self.message_user(request, format_html("Refresh queued: {}.", links), messages.SUCCESS)
        refuse_each(
            request,
            [p for p in products if p.marketplace not in carried],
            "not refreshed: its store is not carried (AMAZON_MARKETPLACES)",
        )


admin.site.unregister(Product)
admin.site.register(Product, CatalogueProductAdmin)

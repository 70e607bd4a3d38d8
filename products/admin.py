"""Curating the catalogue: ingested fields are read-only, curation fields are editable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from products.catalogue_filter import category_subtree
from products.freshness import fresh_price_filter
from products.models import Category, PriceObservation, Product
from products.services import (
    CURATION_FIELDS,
    INGESTED_FIELDS,
    categories_delete,
    category_rename,
    product_add,
    product_curate,
    products_delete,
    products_feature,
    products_publish,
    products_unfeature,
    products_unpublish,
)
from products.stock_monitor import products_not_returned, products_unavailable_longer_than

# Deeper categories are indented as this depth; Amazon's trees rarely pass eight levels.
MAX_INDENTED_DEPTH = 10


class PriceAgeFilter(admin.SimpleListFilter):
    title = "price age"
    parameter_name = "price_age"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("fresh", "Within the maximum age"), ("stale", "Older than the maximum age")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if self.value() == "fresh":
            return queryset.filter(fresh_price_filter())
        if self.value() == "stale":
            return queryset.exclude(fresh_price_filter())
        return queryset


class StockMonitorFilter(admin.SimpleListFilter):
    """Products to consider unpublishing (the "Unpublish" action then hides them)."""

    title = "stock monitor"
    parameter_name = "stock"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("gone", f"Unavailable for more than {settings.STOCK_MONITOR_DAYS} days"),
            ("not_returned", "No longer returned by Amazon"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if self.value() == "gone":
            return products_unavailable_longer_than(
                queryset, days=settings.STOCK_MONITOR_DAYS, now=timezone.now()
            )
        if self.value() == "not_returned":
            return products_not_returned(queryset)
        return queryset


class TopCategoryFilter(admin.SimpleListFilter):
    """Top-level categories only: a full browse-node tree is too long for a sidebar."""

    title = "category"
    parameter_name = "category_path"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        roots = Category.objects.filter(depth=0).order_by("marketplace", "name")[:50]
        return [(root.path, f"{root.name or root.node_id} ({root.marketplace})") for root in roots]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        path = self.value()
        if not path:
            return queryset
        return queryset.filter(category_subtree(path))


class PriceObservationInline(admin.TabularInline):
    model = PriceObservation
    fields = ("observed_at", "amount", "currency", "availability")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-observed_at",)
    max_num = 0
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "asin",
        "marketplace",
        "short_title",
        "brand",
        "price_display",
        "availability",
        "price_as_of",
        "published",
        "featured",
    )
    list_filter = (
        "marketplace",
        TopCategoryFilter,
        "availability",
        "published",
        "featured",
        PriceAgeFilter,
        StockMonitorFilter,
    )
    list_editable = ("published", "featured")
    search_fields = ("=asin", "title", "title_override", "brand")
    list_select_related = ("category",)
    list_per_page = 50
    show_full_result_count = False
    actions: tuple[str, ...] = ("publish", "unpublish", "feature", "unfeature")
    inlines = (PriceObservationInline,)
    fieldsets = (
        ("Product", {"fields": ("marketplace", "asin")}),
        ("Curation", {"fields": CURATION_FIELDS}),
        (
            "From Amazon (read-only)",
            {
                "fields": (
                    "amazon_link",
                    *[f for f in INGESTED_FIELDS if f not in {"raw", "content_hash", "updated_at"}],
                    "categories",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        ("Last API item", {"classes": ("collapse",), "fields": ("raw", "content_hash")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> list[str]:
        ingested = [f for f in INGESTED_FIELDS if f != "updated_at"]
        fixed = ["marketplace", "asin"] if obj else []
        return [*fixed, *ingested, "amazon_link", "categories", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        if change:
            product_curate(obj, fields=form.changed_data)
        else:
            product_add(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        products_delete(queryset.values_list("pk", flat=True))

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        products_delete([obj.pk])

    @admin.display(description="title")
    def short_title(self, product: Product) -> str:
        title = product.display_title
        return title if len(title) <= 80 else f"{title[:79]}…"

    @admin.display(description="Amazon page")
    def amazon_link(self, product: Product) -> str:
        if not product.detail_page_url:
            return "-"
        return format_html(
            '<a href="{}" rel="sponsored nofollow noopener" target="_blank">{}</a>',
            product.detail_page_url,
            product.detail_page_url,
        )

    def _updated(self, request: HttpRequest, count: int) -> None:
        self.message_user(request, f"{count} product(s) updated.", messages.SUCCESS)

    @admin.action(description="Publish selected products")
    def publish(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._updated(request, len(products_publish(queryset.values_list("pk", flat=True))))

    @admin.action(description="Unpublish (hide) selected products")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._updated(request, len(products_unpublish(queryset.values_list("pk", flat=True))))

    @admin.action(description="Feature selected products")
    def feature(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._updated(request, products_feature(queryset.values_list("pk", flat=True)))

    @admin.action(description="Stop featuring selected products")
    def unfeature(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._updated(request, products_unfeature(queryset.values_list("pk", flat=True)))


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "node_id", "marketplace", "product_count", "children_link")
    list_filter = ("marketplace", "depth")
    search_fields = ("name", "=node_id")
    readonly_fields = ("marketplace", "node_id", "parent", "path", "depth")
    fields = ("name", *readonly_fields)
    ordering = ("marketplace", "path")
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                products_total=Count("products", distinct=True),
                children_total=Count("children", distinct=True),
            )
        )

    @admin.display(description="name", ordering="path")
    def indented_name(self, category: Category) -> str:
        # A class per depth from static/css/admin.css: the CSP refuses inline styles.
        return format_html(
            '<span class="tree-depth-{}">{}</span>',
            min(category.depth, MAX_INDENTED_DEPTH),
            category.name or category.node_id,
        )

    @admin.display(description="products", ordering="products_total")
    def product_count(self, category: Category) -> int:
        return getattr(category, "products_total", 0)

    @admin.display(description="children")
    def children_link(self, category: Category) -> str:
        total = getattr(category, "children_total", 0)
        if not total:
            return "-"
        return format_html(
            '<a href="?parent__id__exact={}">{} sub-categories</a>', category.pk, total
        )

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The children link filters by parent without listing every node in the sidebar.
        if lookup == "parent__id__exact":
            return True
        if request is None:
            return super().lookup_allowed(lookup, value)
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        if "name" in form.changed_data:
            category_rename(obj, name=obj.name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        categories_delete(queryset.values_list("pk", flat=True))

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        categories_delete([obj.pk])

"""Curating the catalogue: ingested fields are read-only, curation fields are editable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join

from products.admin_actions import collection_add_action, refuse_each, warn_each
from products.admin_stores import CarriedStoreAdmin, carried_store_filter
from products.catalogue_filter import category_subtree
from products.freshness import fresh_price_filter
from products.images import card_image, gallery
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

# Shown by the Amazon link, the image and feature previews, and the collapsed raw item.
NOT_SHOWN_AS_STORED = {"raw", "content_hash", "updated_at", "detail_page_url", "images", "features"}

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
        roots = Category.objects.filter(
            depth=0, marketplace__in=settings.AMAZON_MARKETPLACES
        ).order_by("marketplace", "name")[:50]
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
class ProductAdmin(CarriedStoreAdmin):
    # Compact columns, so the editable boxes stay in view at 1280 px.
    list_display = (
        "thumbnail",
        "asin",
        "store",
        "short_title",
        "brand",
        "price",
        "availability",
        "price_time",
        "published",
        "featured",
    )
    list_display_links = ("asin", "short_title")
    list_filter = (
        carried_store_filter(),
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
    actions: tuple[str, ...] = (
        "publish",
        "unpublish",
        "feature",
        "unfeature",
        "add_to_collection",
    )
    inlines = (PriceObservationInline,)
    fieldsets = (
        ("Product", {"fields": ("marketplace", "asin")}),
        ("Curation", {"fields": CURATION_FIELDS}),
        (
            "From Amazon (read-only)",
            {
                "fields": (
                    "amazon_link",
                    "image_previews",
                    "feature_list",
                    *[f for f in INGESTED_FIELDS if f not in NOT_SHOWN_AS_STORED],
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
        shown = ["amazon_link", "image_previews", "feature_list", "categories"]
        return [*fixed, *ingested, *shown, "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        if change:
            product_curate(obj, fields=form.changed_data)
        else:
            product_add(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        products_delete(queryset.values_list("pk", flat=True))

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        products_delete([obj.pk])

    @admin.display(description="")
    def thumbnail(self, product: Product) -> str:
        image = card_image(product.images)
        if image is None:
            return format_html('<span class="thumb thumb-none" title="no image"></span>')
        return format_html(
            '<img class="thumb" src="{}" alt="" width="40" height="40" loading="lazy">',
            image.url,
        )

    @admin.display(description="store", ordering="marketplace")
    def store(self, product: Product) -> str:
        return product.marketplace

    @admin.display(description="title", ordering="title")
    def short_title(self, product: Product) -> str:
        title = product.display_title or "(no title)"
        return format_html('<span class="clamp-2" title="{}">{}</span>', title, title)

    @admin.display(description="price", ordering="price_amount")
    def price(self, product: Product) -> str:
        return product.price_display or "-"

    @admin.display(description="price as of", ordering="price_as_of")
    def price_time(self, product: Product) -> str:
        if product.price_as_of is None:
            return "never"
        stamp = date_format(timezone.localtime(product.price_as_of), "j M H:i")
        return (
            stamp
            if product.price_is_fresh
            else format_html('<span class="stale">{} (stale)</span>', stamp)
        )

    @admin.display(description="Amazon page")
    def amazon_link(self, product: Product) -> str:
        if not product.detail_page_url:
            return "-"
        return format_html(
            '<a href="{}" rel="sponsored nofollow noopener" target="_blank">{}</a>',
            product.detail_page_url,
            product.detail_page_url,
        )

    @admin.display(description="images")
    def image_previews(self, product: Product) -> str:
        pairs = gallery(product.images)
        if not pairs:
            return "-"
        return format_html(
            '<span class="image-previews">{}</span>',
            format_html_join(
                "",
                '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="" width="80" '
                'height="80" loading="lazy"></a>',
                ((large.url, thumb.url) for large, thumb in pairs),
            ),
        )

    @admin.display(description="features")
    def feature_list(self, product: Product) -> str:
        features = [f for f in product.features if isinstance(f, str)] if product.features else []
        if not features:
            return "-"
        return format_html(
            '<ul class="feature-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((feature,) for feature in features)),
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
        products = list(queryset.order_by("marketplace", "asin"))
        hidden = [p for p in products if not p.published]
        featured = products_feature(p.pk for p in products if p.published)
        self._updated(request, featured)
        refuse_each(request, hidden, "not featured: it is not published")
        warn_each(
            request,
            [p for p in products if p.published and not p.price_is_fresh],
            "featured without a fresh price: the home page shows it with "
            '"see price on Amazon" until a refresh confirms one',
        )

    @admin.action(description="Stop featuring selected products")
    def unfeature(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._updated(request, products_unfeature(queryset.values_list("pk", flat=True)))

    @admin.action(description="Add selected products to a collection…")
    def add_to_collection(
        self, request: HttpRequest, queryset: QuerySet[Product]
    ) -> HttpResponse | None:
        return collection_add_action(self, request, queryset)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "node_id", "marketplace", "product_count", "children_link")
    list_filter = (carried_store_filter(), "depth")
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

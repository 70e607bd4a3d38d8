"""Curating collections: hand-picked products in order (inline), or a rule with a live count."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape, format_html

from products.admin_stores import CarriedStoreAdmin, carried_store_filter
from products.collections.models import (
    COMPARE_ATTRIBUTES,
    RULE_FIELDS,
    Collection,
    CollectionItem,
)
from products.collections.selectors import collection_matches
from products.services import collections_changed


class CollectionForm(forms.ModelForm):
    compare_attributes = forms.MultipleChoiceField(
        label="Compared attributes",
        choices=list(COMPARE_ATTRIBUTES.items()),
        widget=forms.CheckboxSelectMultiple,
        # The model's clean() says what is missing, in its own words.
        required=False,
        help_text="The rows of the comparison table.",
    )

    class Meta:
        model = Collection
        # The admin's fieldsets name the rest.
        fields = ("compare_attributes",)
        # The admin renders help text as HTML, where "<slug>" would be read as a tag.
        help_texts = {"slug": escape(Collection._meta.get_field("slug").help_text)}


class CollectionItemFormSet(BaseInlineFormSet):
    """Items only on hand-picked collections, and no more than the collection shows."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        collection: Collection = self.instance
        if collection.is_rule and kept:
            raise ValidationError(
                "A rule collection picks its own products: remove these, or make it hand-picked."
            )
        limit = collection.max_items
        if limit and len(kept) > limit:
            raise ValidationError(
                f"{len(kept)} products, but the collection shows at most {limit}: "
                "remove some, or raise Max items."
            )


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    formset = CollectionItemFormSet
    fields = ("position", "product")
    autocomplete_fields = ("product",)
    ordering = ("position", "id")
    extra = 1
    verbose_name = "hand-picked product"
    verbose_name_plural = "hand-picked products (lowest position first)"
    # static/js/collection_kind.js shows it only while the kind is hand-picked.
    classes = ("kind-manual",)


@admin.register(Collection)
class CollectionAdmin(CarriedStoreAdmin):
    form = CollectionForm
    list_display = (
        "title",
        "kind",
        "marketplace",
        "published",
        "show_on_home",
        "home_order",
        "updated_at",
    )
    list_filter = ("kind", carried_store_filter(), "published", "show_on_home")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("rule_category",)
    inlines = (CollectionItemInline,)
    readonly_fields = ("preview", "matches")
    fieldsets = (
        (
            "Collection",
            {
                "fields": (
                    "title",
                    "slug",
                    "marketplace",
                    "kind",
                    "intro",
                    "max_items",
                    "published",
                    "preview",
                )
            },
        ),
        ("Home page", {"fields": ("show_on_home", "home_order")}),
        ("Comparison table", {"fields": ("compare_attributes",)}),
        (
            "Rule",
            {"classes": ("kind-rule",), "fields": ("matches", *RULE_FIELDS, "sort")},
        ),
    )

    class Media:
        js = ("js/collection_kind.js",)

    @admin.display(description="preview")
    def preview(self, collection: Collection) -> str:
        if collection.pk is None:
            return "Save first."
        return format_html(
            '<a href="{}" target="_blank">Page</a> · <a href="{}" target="_blank">Comparison</a>',
            collection.get_absolute_url(),
            reverse("collections:compare", kwargs={"slug": collection.slug}),
        )

    @admin.display(description="products shown now")
    def matches(self, collection: Collection) -> str:
        if collection.pk is None:
            return "Save first."
        found = collection_matches(collection).count()
        shown = min(found, collection.max_items)
        if collection.is_rule:
            return f"The rule matches {found} published products; the page shows {shown}."
        chosen = collection.items.count()
        return (
            f"{found} of the {chosen} hand-picked products are published; the page shows {shown}."
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        collections_changed()

    def delete_model(self, request: HttpRequest, obj: Collection) -> None:
        super().delete_model(request, obj)
        collections_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Collection]) -> None:
        super().delete_queryset(request, queryset)
        collections_changed()

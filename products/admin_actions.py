"""What the product list's bulk actions say per product, and "add to collection" with its
page for choosing the collection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from products.collections.models import Collection
from products.collections.services import collection_products_add
from products.models import Product


def report_each(
    request: HttpRequest, level: int, heading: str, products: Sequence[tuple[Product, str]]
) -> None:
    """One message naming every product concerned and why, so none is left out silently."""
    if not products:
        return
    messages.add_message(
        request,
        level,
        format_html(
            "{} {}: {}",
            len(products),
            heading,
            format_html_join(
                "; ",
                "{} ({}) {}",
                ((p.asin, p.marketplace, why) for p, why in products),
            ),
        ),
    )


def refuse_each(request: HttpRequest, products: Sequence[Product], why: str) -> None:
    report_each(request, messages.ERROR, "product(s) refused", [(p, why) for p in products])


def warn_each(request: HttpRequest, products: Sequence[Product], why: str) -> None:
    report_each(request, messages.WARNING, "product(s)", [(p, why) for p in products])


class CollectionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Collection) -> str:
        return f"{obj.title} ({obj.marketplace}, /{obj.slug}/)"


class CollectionChoiceForm(forms.Form):
    collection = CollectionField(queryset=Collection.objects.none(), empty_label=None)

    def __init__(self, *args: Any, marketplaces: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["collection"])
        # Rule collections pick their own products; another store's cannot take these.
        field.queryset = Collection.objects.filter(
            kind=Collection.MANUAL, marketplace__in=marketplaces
        ).order_by("marketplace", "title")


def collection_add_action(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Product]
) -> HttpResponse | None:
    """First the page choosing the collection; once it is posted, the products are added."""
    products = list(queryset.order_by("marketplace", "asin"))
    marketplaces = sorted({p.marketplace for p in products})
    form = CollectionChoiceForm(
        request.POST if "apply" in request.POST else None, marketplaces=marketplaces
    )
    if form.is_valid():
        collection = form.cleaned_data["collection"]
        added, refused = collection_products_add(collection, products)
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("admin:collections_collection_change", args=[collection.pk]),
            collection.title,
        )
        model_admin.message_user(
            request,
            format_html("{} product(s) added to {}.", len(added), link),
            messages.SUCCESS if added else messages.WARNING,
        )
        report_each(request, messages.ERROR, "product(s) not added", refused)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Add products to a collection",
        "products": products,
        "form": form,
        "no_collection": not form.fields["collection"].queryset.exists(),  # type: ignore[attr-defined]
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/products/product/add_to_collection.html", context)

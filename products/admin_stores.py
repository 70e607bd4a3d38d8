"""The admin offers only the carried stores (AMAZON_MARKETPLACES), not all 21 of Amazon's,
in its list filters and its forms' store dropdowns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from products.marketplaces import MARKETPLACES


def carried_store_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} ({MARKETPLACES[code].label})") for code in settings.AMAZON_MARKETPLACES]


def carried_store_filter(field_path: str = "marketplace") -> type[admin.SimpleListFilter]:
    """A list filter by store on `field_path`, under the admin's usual query parameter for a
    field of the model's own; through a relation, under `store` (the admin refuses lookups
    across relations that no field filter names)."""

    class CarriedStoreFilter(admin.SimpleListFilter):
        title = "store"
        parameter_name = "store" if "__" in field_path else f"{field_path}__exact"

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            return carried_store_choices()

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            value = self.value()
            return queryset.filter(**{field_path: value}) if value else queryset

    return CarriedStoreFilter


class CarriedStoreAdmin(admin.ModelAdmin):
    """A ModelAdmin whose `marketplace` dropdowns list the carried stores only."""

    def formfield_for_choice_field(
        self,
        db_field: models.Field,
        request: HttpRequest,
        **kwargs: Any,
    ) -> forms.TypedChoiceField | None:
        if db_field.name == "marketplace":
            include_blank = db_field.blank or not db_field.has_default()
            blank = [("", "---------")] if include_blank else []
            kwargs["choices"] = [*blank, *carried_store_choices()]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

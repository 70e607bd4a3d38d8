"""The API's strict filters: each refuses, as a 400 naming the parameter, what the schema
does not allow. django-filter reads `status=` as "no filter", but the schema lists the
choices and allows no empty value, so a client sending one has made a mistake; a whole
number outside the bounds the schema states is refused."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import ChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
EMPTY_VALUE = "Give a value, or leave the parameter out."


def _refuse_empty(value: Any, choices: Any) -> None:
    # An absent parameter arrives as None, a present but empty one as "".
    if value == "":
        names = ", ".join(str(choice) for choice, _ in choices if choice != "")
        raise ValidationError(f"Give one of {names}, or leave the parameter out.", code="empty")


class NonEmptyChoiceField(ChoiceField):
    def clean(self, value: Any) -> Any:
        _refuse_empty(value, self.choices)
        return super().clean(value)


class NonEmptyTypedChoiceField(forms.TypedChoiceField):
    def clean(self, value: Any) -> Any:
        _refuse_empty(value, self.choices)
        return super().clean(value)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.Filter):
    """A whole number from `min_value` to `max_value` (config/api/filter_schema.py states
    them in the schema)."""

    field_class = forms.IntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class StrictChoiceFilter(django_filters.ChoiceFilter):
    """One of the choices; an empty value is a 400, where django-filter would ignore it."""

    field_class = NonEmptyChoiceField


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else, empty included, is a 400."""

    field_class = NonEmptyTypedChoiceField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=BOOLEAN_CHOICES, coerce=_boolean, **kwargs)


def _boolean(text: str) -> bool:
    return text == "true"


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that refuses an empty value for any parameter that is not text: the
    schema types it (a number, a time, a choice), and "" is none of those."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            field = self.form.fields.get(name)
            empty = self.data.get(name) == ""
            if empty and not isinstance(field, forms.CharField) and name not in self.form.errors:
                self.form.add_error(name, ValidationError(EMPTY_VALUE, code="empty"))
                valid = False
        return valid

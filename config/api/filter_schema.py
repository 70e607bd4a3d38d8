"""The bounds a filter keeps, stated in the schema: drf-spectacular's django-filter
extension leaves out `max_length`, `min_value` and `max_value`, so a client (or a schema
fuzzer) could not tell a value the API refuses from one it accepts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.contrib.django_filters import DjangoFilterExtension

# Filter arguments and the JSON-schema keywords that state them.
BOUNDS = {"max_length": "maxLength", "min_value": "minimum", "max_value": "maximum"}


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class BoundedFilterExtension(DjangoFilterExtension):
    priority = 1

    def resolve_filter_field(self, auto_schema: Any, *args: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().resolve_filter_field(auto_schema, *args)
        filter_field = args[-1]
        stated = {
            keyword: _json_number(filter_field.extra[argument])
            for argument, keyword in BOUNDS.items()
            if filter_field.extra.get(argument) is not None
        }
        for parameter in parameters:
            parameter["schema"] = {**stated, **parameter["schema"]}
        return parameters

"""Keyset ("cursor") pagination over an ordering that ends in a unique key.

Page-number pagination runs COUNT(*) on every request: on a million rows that held the list
at about 23 requests per second against about 770 with a cursor. A cursor here holds the
sort values of the row it stops at, so the next page is one indexed range read of
`page_size + 1` rows, however deep. Unlike DRF's CursorPagination it pages on every sort key
(not only the first), so ties and NULL-free sort expressions need no offsets.

A cursor outside the token alphabet is malformed, a 400 naming the parameter. One in the
alphabet that this API did not issue for the ordering asked for names a page that does not
exist: a 404 naming the parameter, as DRF's own cursor pagination answers. The schema can
state the alphabet, not which tokens were issued, so any token it allows is answered with a
page or a 404.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Expression, F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from config.security.text_rules import is_ascii_number

DEFAULT_PAGE_SIZE = 20
# Small on purpose: a client wanting everything pages through, one cheap read at a time.
MAX_PAGE_SIZE = 100
# What encode_cursor writes: URL-safe base64 without its padding.
_CURSOR_ALPHABET = "[A-Za-z0-9_-]*"
CURSOR_PATTERN = f"^{_CURSOR_ALPHABET}$"
_BIGINT = 2**63
_MAX_TEXT = 1024


class InvalidCursor(ValueError):
    """A cursor this API did not issue for this ordering."""


def _decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite() or value.adjusted() > 20:
        raise InvalidCursor(text)
    return value


def _integer(text: str) -> int:
    value = int(text)
    if not -_BIGINT <= value < _BIGINT:
        raise InvalidCursor(text)
    return value


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidCursor(text)
    return value


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise InvalidCursor(text)
    return value


def _text(text: str) -> str:
    if len(text) > _MAX_TEXT:
        raise InvalidCursor(text)
    return text


PARSERS: dict[type, Callable[[str], Any]] = {
    Decimal: _decimal,
    int: _integer,
    float: _number,
    datetime: _moment,
    str: _text,
}


@dataclass(frozen=True)
class SortKey:
    """One sort column (a field or an annotation); `kind` parses it back from a cursor."""

    name: str
    kind: type
    descending: bool = False

    def order_by(self, reverse: bool) -> OrderBy:
        expression = F(self.name)
        return expression.asc() if self.descending == reverse else expression.desc()


Segment = tuple[Q, dict[str, Expression]]


@dataclass(frozen=True)
class Ordering:
    """A named sort order; its last key must be unique so every row has one position.

    `segments`, when given, split the rows into consecutive runs of the order, each with
    annotations an index can serve (a fresh price sorts by the price column itself; every
    other row by id behind it), where one expression over all rows would sort the table.
    """

    name: str
    keys: tuple[SortKey, ...]
    annotations: Callable[[], dict[str, Expression]] = field(default=dict)
    description: str = ""
    segments: Callable[[], list[Segment]] | None = None

    def parts(self) -> list[Segment]:
        return self.segments() if self.segments else [(Q(), self.annotations())]

    def apply(
        self, queryset: QuerySet[Any], sort_values: dict[str, Expression], *, reverse: bool
    ) -> QuerySet[Any]:
        annotated = queryset.annotate(**sort_values)
        return annotated.order_by(*(key.order_by(reverse) for key in self.keys))

    def after(self, values: Sequence[Any], *, reverse: bool = False) -> Q:
        """Rows strictly past `values` in this order (before them when `reverse`)."""
        condition = Q()
        for index, key in enumerate(self.keys):
            ahead = key.descending != reverse
            lookup = f"{key.name}__{'lt' if ahead else 'gt'}"
            ties = {k.name: v for k, v in zip(self.keys[:index], values, strict=False)}
            condition |= Q(**ties, **{lookup: values[index]})
        return condition

    def position(self, row: Model) -> list[str]:
        return [_encode_value(getattr(row, key.name)) for key in self.keys]

    def parse(self, raw: Sequence[Any]) -> list[Any]:
        if len(raw) != len(self.keys) or not all(isinstance(v, str) for v in raw):
            raise InvalidCursor("wrong shape")
        return [PARSERS[key.kind](value) for key, value in zip(self.keys, raw, strict=True)]


def _encode_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Cursor:
    ordering: str
    values: list[Any]
    reverse: bool


def encode_cursor(ordering: Ordering, row: Model, *, reverse: bool) -> str:
    payload = {"o": ordering.name, "v": ordering.position(row), "r": reverse}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class UnknownCursor(NotFound):
    """A well-formed cursor this API did not issue: the page it names does not exist."""

    default_detail = "No such page: use the `next` or `previous` link of a page as it is."
    default_code = "not_found"
    # The parameter at fault, named in the error body as a 400 would name it.
    field = "cursor"


def decode_cursor(text: str, ordering: Ordering) -> Cursor:
    if not re.fullmatch(_CURSOR_ALPHABET, text):
        raise ValidationError(
            {"cursor": ["Invalid cursor: use the `next` or `previous` link of a page."]}
        )
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, dict) or payload.get("o") != ordering.name:
            raise InvalidCursor("another ordering")
        return Cursor(ordering.name, ordering.parse(payload["v"]), payload.get("r") is True)
    except (InvalidCursor, ValueError, TypeError, KeyError, InvalidOperation, binascii.Error):
        raise UnknownCursor() from None


class KeysetPagination(BasePagination):
    """Pages in the order the view names (`ordering`), `page_size` rows at a time."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    display_page_controls = False

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any]:
        self.request = request
        self.ordering = self._ordering(request, view)
        size = self._page_size(request)
        cursor = self._cursor(request)
        reverse = cursor.reverse if cursor else False
        parts = self.ordering.parts()
        rows: list[Any] = []
        # A cursor's condition holds for none of the segments before its own and for all of
        # those after, so each segment is read with it until the page is full.
        for condition, sort_values in reversed(parts) if reverse else parts:
            ordered = self.ordering.apply(queryset.filter(condition), sort_values, reverse=reverse)
            if cursor:
                ordered = ordered.filter(self.ordering.after(cursor.values, reverse=reverse))
            rows += ordered[: size + 1 - len(rows)]
            if len(rows) > size:
                break
        more, rows = len(rows) > size, rows[:size]
        if reverse:
            rows.reverse()
        # Paging backwards, there is always a next page (the one we came from), and a
        # previous one only when more rows were found; paging forwards, the reverse.
        has_next = reverse or more
        has_previous = more if reverse else cursor is not None
        self.next_row = rows[-1] if rows and has_next else None
        self.previous_row = rows[0] if rows and has_previous else None
        return rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_next_link(self) -> str | None:
        return self._link(self.next_row, reverse=False)

    def get_previous_link(self) -> str | None:
        return self._link(self.previous_row, reverse=True)

    def _link(self, row: Model | None, *, reverse: bool) -> str | None:
        if row is None:
            return None
        url = self.request.build_absolute_uri()
        token = encode_cursor(self.ordering, row, reverse=reverse)
        return replace_query_param(url, self.cursor_query_param, token)

    def _ordering(self, request: Request, view: APIView | None) -> Ordering:
        orderings: dict[str, Ordering] = getattr(view, "orderings", {})
        name = request.query_params.get(self.ordering_query_param)
        if name is None:
            return orderings[view.default_ordering(request)]  # type: ignore[union-attr]
        # An empty value is refused like an unknown one: the schema allows neither.
        if name not in orderings:
            choices = ", ".join(orderings)
            raise ValidationError(
                {self.ordering_query_param: [f"Unknown ordering {name!r}: expected {choices}."]}
            )
        return orderings[name]

    def _page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not is_ascii_number(raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Expected a whole number from 1 to {MAX_PAGE_SIZE}."
                    ]
                }
            )
        return int(raw)

    def _cursor(self, request: Request) -> Cursor | None:
        text = request.query_params.get(self.cursor_query_param)
        if not text:
            return None
        return decode_cursor(text, self.ordering)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        orderings: dict[str, Ordering] = getattr(view, "orderings", {})
        described = "; ".join(
            f"`{o.name}`: {o.description}" for o in orderings.values() if o.description
        )
        return [
            {
                **_query(
                    self.cursor_query_param,
                    "The `next` or `previous` link's cursor: an opaque token (URL-safe base64) "
                    "for this ordering; a token it did not issue is a 404.",
                    "string",
                ),
                "schema": {"type": "string", "pattern": CURSOR_PATTERN},
            },
            {
                **_query(
                    self.page_size_query_param,
                    f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                    "integer",
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                **_query(self.ordering_query_param, f"Sort order. {described}".strip(), "string"),
                "schema": {"type": "string", "enum": list(orderings)},
            },
        ]


def _query(name: str, description: str, kind: str) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": OpenApiParameter.QUERY,
        "description": description,
        "schema": {"type": kind},
    }

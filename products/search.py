"""Keyword search over the catalogue, shared by the storefront and the API.

PostgreSQL: the stored, weighted `search_vector` column (see search_column.py) matched with
`websearch_to_tsquery` (quoted phrases, -exclusion, "or") and ranked by `ts_rank_cd`, with
the query's last word also matched as a prefix for search-as-you-type. SQLite (the embedded
default): every word must appear in the title, brand or features, case-insensitively.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from products.models import Product
from products.search_column import SEARCH_COLUMN, SEARCH_CONFIG

# Longer queries are cut: no real product search needs more, and it bounds the work.
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


_OPERATORS = re.compile(r'["-]|\bor\b', re.IGNORECASE)


def _prefix_query(text: str) -> str:
    """The words as a tsquery with the last one as a prefix: 'desk lam' -> 'desk & lam:*'.

    Queries with operators (phrases, exclusions, "or") keep their exact meaning instead.
    """
    if _OPERATORS.search(text):
        return ""
    words = _WORD.findall(text.lower())
    if not words:
        return ""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def search_products(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Products matching `text`, annotated with `rank` (higher is better); all if blank."""
    query = normalise_query(text)
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query)
    return _simple_search(queryset, query)


def _postgres_search(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    table = Product._meta.db_table
    column = f'"{table}"."{SEARCH_COLUMN}"'
    tsquery = f"websearch_to_tsquery('{SEARCH_CONFIG}', %s)"
    prefix = _prefix_query(query)
    if prefix:
        tsquery = f"({tsquery} || to_tsquery('{SEARCH_CONFIG}', %s))"
        params: list[str] = [query, prefix]
    else:
        params = [query]
    return queryset.extra(  # noqa: S610 (constants and bound parameters only)
        where=[f"{column} @@ {tsquery}"],
        params=params,
    ).annotate(
        rank=RawSQL(  # noqa: S611 (constants and bound parameters only)
            f"ts_rank_cd({column}, {tsquery})", params, output_field=FloatField()
        )
    )


def _simple_search(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    for word in _WORD.findall(query):
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(title_override__icontains=word)
            | Q(brand__icontains=word)
            | Q(features__icontains=word)
        )
    return queryset.annotate(rank=Value(0.0, output_field=FloatField()))

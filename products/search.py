"""Keyword search over the catalogue, shared by the storefront and the API.

PostgreSQL: the stored, weighted `search_vector` column (see search_column.py) matched with
`websearch_to_tsquery` (quoted phrases, -exclusion, "or") and ranked by `ts_rank_cd` with
the plan's weights (`RANK_WEIGHTS`), the query's last word also matched as a prefix for
search-as-you-type. SQLite (the embedded default): every word must appear in the title,
brand or features, case-insensitively, and all matches rank alike.

A word found in most of a large catalogue must not be ranked in every row that has it (on a
million products that took 1.3 s for a word in 85 % of them): only the first `MAX_MATCHES`
matching rows the database reaches are ranked and returned. Fewer matches than that, the
usual case, are all ranked, so rarer searches are exact.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value
from django.db.models.expressions import Col

from products.models import Product
from products.search_column import RANK_WEIGHTS, SEARCH_COLUMN, SEARCH_CONFIG

# Longer queries are cut: no real product search needs more, and it bounds the work.
MAX_QUERY_LENGTH = 200
# 41 storefront pages: more than people read before refining the search. Ranking costs a
# heap read per candidate, so this bounds a common word's search to a few milliseconds.
MAX_MATCHES = 1000
_WORD = re.compile(r"\w+", re.UNICODE)

# The generated column is not a model field (SQLite has none); a column reference through
# Django keeps its table alias right when a queryset becomes a subquery.
_VECTOR = SearchVectorField()
_VECTOR.set_attributes_from_name(SEARCH_COLUMN)
_VECTOR.model = Product


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
    """Products matching `text`, annotated with `rank` (higher is better); all if blank.

    Filter `queryset` before searching: when more than MAX_MATCHES products match, the
    result holds MAX_MATCHES of them, so a filter applied afterwards could find none.
    """
    query = normalise_query(text)
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, query, MAX_MATCHES)
    return _simple_search(queryset, query)


def search_matches(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Products matching `text` (all if blank), unranked and uncapped: slice it.

    Which rows a slice holds is the database's choice, the ones it reaches first: for
    counts that must stay cheap however many products match.
    """
    return _unranked(queryset, normalise_query(text))


def _unranked(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return _matching(queryset, query)
    return _simple_search(queryset, query)


def _tsquery(query: str) -> SearchQuery:
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    prefix = _prefix_query(query)
    if prefix:
        return tsquery | SearchQuery(prefix, config=SEARCH_CONFIG, search_type="raw")
    return tsquery


def _vector() -> Col:
    return Col(Product._meta.db_table, _VECTOR)


def _matching(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    return queryset.alias(search_match=_vector()).filter(search_match=_tsquery(query))


def _postgres_search(queryset: QuerySet[Product], query: str, limit: int) -> QuerySet[Product]:
    candidates = _matching(queryset, query).order_by().values("pk")[:limit]
    return queryset.filter(pk__in=candidates).annotate(
        rank=SearchRank(_vector(), _tsquery(query), weights=RANK_WEIGHTS, cover_density=True)
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

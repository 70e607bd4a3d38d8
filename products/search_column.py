"""The weighted full-text search column, which exists on PostgreSQL only.

Weights follow the deployment plan's 10 / 5 / 1: title (and a curated title) A, brand B,
feature bullets C, ranked with `RANK_WEIGHTS`. The column is generated and stored, so no
query computes a vector; the explicit 'english' configuration makes the expression
immutable, which PostgreSQL requires of a generated column.
"""

from __future__ import annotations

from typing import Any

SEARCH_CONFIG = "english"
SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "product_search_vector_gin"
# PostgreSQL's rank weights, in its order [D, C, B, A] and within 0..1: the plan's 10 / 5 / 1
# for title / brand / features is A 1.0, B 0.5, C 0.1 (its defaults, 1.0 / 0.4 / 0.2, are
# not). The column labels every part A, B or C, so D never occurs: 0 keeps anything
# unlabelled that a later change might add from outranking a labelled match.
RANK_WEIGHTS = [0.0, 0.1, 0.5, 1.0]

_EXPRESSION = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(title, '') || ' ' "
    f"|| coalesce(title_override, '')), 'A') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(brand, '')), 'B') || "
    f"setweight(jsonb_to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(features, '[]'::jsonb), "
    "'[\"string\"]'), 'C')"
)


def add_search_column(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE products_product ADD COLUMN {SEARCH_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({_EXPRESSION}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX {SEARCH_INDEX} ON products_product USING gin ({SEARCH_COLUMN})"
    )


def drop_search_column(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE products_product DROP COLUMN {SEARCH_COLUMN}")

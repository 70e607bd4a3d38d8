"""The catalogue's vocabulary, for "did you mean" when a search finds nothing (PostgreSQL).

A materialized view holds every distinct word of published titles and brands with its
frequency, indexed with pg_trgm; a misspelt word is replaced by the most similar known
word. Refreshed by a periodic task, so a query never scans the catalogue for it.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection

VIEW = "products_searchword"
# pg_trgm's similarity (0..1) below which a word is not offered as a correction.
MIN_SIMILARITY = 0.35
MIN_WORD_LENGTH = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def create_search_words(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Constant names only; nothing here comes from input.
    schema_editor.execute(
        f"CREATE MATERIALIZED VIEW {VIEW} AS "  # noqa: S608
        "SELECT word, count(*) AS frequency FROM ("
        "  SELECT regexp_split_to_table(lower(coalesce(title_override, '') || ' ' || title "
        "  || ' ' || brand), '[^[:alnum:]]+') AS word FROM products_product WHERE published"
        f") words WHERE length(word) >= {MIN_WORD_LENGTH} GROUP BY word"
    )
    # The unique index lets the view refresh CONCURRENTLY, without blocking searches.
    schema_editor.execute(f"CREATE UNIQUE INDEX {VIEW}_word ON {VIEW} (word)")
    schema_editor.execute(f"CREATE INDEX {VIEW}_trgm ON {VIEW} USING gin (word gin_trgm_ops)")


def drop_search_words(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP MATERIALIZED VIEW IF EXISTS {VIEW}")


def search_words_refresh() -> None:
    """Rebuild the vocabulary from the current catalogue (no-op on SQLite)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {VIEW}")


def did_you_mean(query: str) -> str:
    """The query with unknown words replaced by their closest known words; "" if none."""
    if connection.vendor != "postgresql":
        return ""
    words = _WORD.findall(query.lower())
    if not words or len(words) > 8:
        return ""
    corrected = [_closest(word) or word for word in words]
    return " ".join(corrected) if corrected != words else ""


def _closest(word: str) -> str:
    if len(word) < MIN_WORD_LENGTH:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {VIEW} WHERE word = %s", [word])  # noqa: S608
        if cursor.fetchone():
            return ""
        # The % operator uses the trigram index; similarity() then ranks its candidates.
        cursor.execute("SELECT set_limit(%s)", [MIN_SIMILARITY])
        # The view's name is a constant; words are parameters.
        cursor.execute(
            f"SELECT word FROM {VIEW} WHERE word %% %s "  # noqa: S608
            "ORDER BY similarity(word, %s) DESC, frequency DESC, word LIMIT 1",
            [word, word],
        )
        row = cursor.fetchone()
    return str(row[0]) if row else ""

"""What text from a request may hold before it reaches the database or a parser.

PostgreSQL stores no NUL in text (a query binding one fails with a DataError, a 500), and
UTF-8 has no lone surrogates (psycopg cannot encode one). Django decodes a path's invalid
UTF-8 into percent-escapes and a query string's into U+FFFD, so both are read again from
the raw bytes here. `str.isdigit()` accepts "²", which `int()` refuses: numbers in a
request are ASCII digits, checked with `is_ascii_number`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote_to_bytes

ASCII_NUMBER = re.compile(r"[0-9]+")
# NUL and the surrogates `surrogateescape` decodes invalid UTF-8 bytes into.
REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def is_ascii_number(text: str) -> bool:
    """Whether text is a whole number `int()` reads the way a visitor wrote it."""
    return ASCII_NUMBER.fullmatch(text) is not None


def has_refused_characters(text: str) -> bool:
    return REFUSED_CHARACTERS.search(text) is not None


def refused_path(path_info: str) -> bool:
    """NUL, or bytes that are not UTF-8 (which Django kept as percent-escapes)."""
    try:
        decoded = unquote_to_bytes(path_info).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return has_refused_characters(decoded)


def refused_query_field(query_string: bytes) -> str | None:
    """The name of the first query parameter whose name or value holds refused text."""
    try:
        text = query_string.decode("utf-8")
    except UnicodeDecodeError:
        return "query string"
    for name, value in parse_qsl(text, keep_blank_values=True, errors="surrogateescape"):
        if has_refused_characters(name):
            return "query string"
        if has_refused_characters(value):
            return name
    return None


def repeated_query_field(query_string: bytes) -> str | None:
    """The name of the first query parameter given more than once."""
    seen: set[str] = set()
    text = query_string.decode("utf-8", "replace")
    for name, _ in parse_qsl(text, keep_blank_values=True):
        if name in seen:
            return name
        seen.add(name)
    return None

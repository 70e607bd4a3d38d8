"""The API's JSON parser: DRF's, behind a limit on how deeply the body nests.

Python's json module recurses once per level, so 2 KB of `[[[[...` (1,000 levels) raises
RecursionError, a 500, instead of the 400 a malformed body gets. No body of this API nests
more than a few levels (an import is an object holding a list of objects).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32
# A string (skipped whole, escapes included) or a bracket that opens or closes a level.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(body):
        bracket = token.group()
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in (b"]", b"}"):
            depth -= 1
    return deepest


class DepthLimitedJSONParser(JSONParser):
    """JSON bodies nesting at most MAX_JSON_DEPTH levels; deeper is a 400 naming the body."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        body = stream.read()
        if json_depth(body) > MAX_JSON_DEPTH:
            raise ParseError(f"The body nests deeper than {MAX_JSON_DEPTH} levels of JSON.")
        return super().parse(io.BytesIO(body), media_type, parser_context)

"""Body text as the schema states it: a JSON string, its `maxLength` counted as sent.

DRF's CharField turns a number into text (`"search_index": 0` is stored as "0") and checks
the length after trimming, so a 205-character name of which 10 are spaces passes a limit of
200: both accept a body the schema calls invalid. Here a number is refused, and the limit
counts every character sent; within it, surrounding whitespace is trimmed before storing,
as the admin's forms do.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

# What str.strip() (and so DRF's trimming) removes, spelled out for a schema: `\s` is not
# the same set in Python, in JavaScript and in the Rust engine validators use (\x1c-\x1f).
WHITESPACE = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0"
    "\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)


class JsonCharField(serializers.CharField):
    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and data is not None:
            if not isinstance(data, str):
                self.fail("invalid")
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

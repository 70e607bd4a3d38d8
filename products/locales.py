"""Which language and which number conventions each store's pages use.

A store's pages are written in the store's language when the project ships a catalogue
for it (LANGUAGES in settings), else in English; numbers, prices and dates always follow
the store's own locale (CLDR), so amazon.nl's pages in English still write "€ 12,34".
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.conf import settings

from products.marketplaces import MARKETPLACES

FALLBACK_LANGUAGE = "en"


def shipped_languages() -> set[str]:
    return {code for code, _ in settings.LANGUAGES}


def store_language(code: str) -> str:
    """The Django language code a store's pages are written in: de for amazon.de."""
    language = MARKETPLACES[code].language.split("-")[0]
    return language if language in shipped_languages() else FALLBACK_LANGUAGE


def store_language_tag(code: str) -> str:
    """The store's pages' language as an HTML `lang` value: en-GB, de-DE; en where the
    store's own language is not shipped."""
    tag = MARKETPLACES[code].language
    return tag if tag.split("-")[0] == store_language(code) else FALLBACK_LANGUAGE


@lru_cache(maxsize=64)
def store_locale(code: str) -> Locale:
    """The CLDR locale of a store's numbers, prices and dates."""
    return Locale.parse(MARKETPLACES[code].language, sep="-")

"""Each page in its store's language: the store in the URL (a product's, a category's), or
the visitor's store for pages of no one store (home, search, alerts).

The admin and the API stay English: staff share one admin, and programs read stable
messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from products.disclosures import disclosure
from products.locales import FALLBACK_LANGUAGE, store_language, store_language_tag, store_locale
from products.stores import page_store, request_store


def use_store(request: HttpRequest, code: str) -> None:
    """Write the rest of this response in `code`'s language and number conventions."""
    request.page_store = code  # type: ignore[attr-defined]
    translation.activate(store_language(code))


def _english_only(path: str) -> bool:
    return path.startswith(("/api/", f"/{settings.ADMIN_URL}"))


class StoreLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _english_only(request.path_info):
            translation.activate(FALLBACK_LANGUAGE)
        else:
            use_store(request, request_store(request))
        try:
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            translation.deactivate()

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        marketplace = str(kwargs.get("marketplace", "")).upper()
        if marketplace in settings.AMAZON_MARKETPLACES and not _english_only(request.path_info):
            use_store(request, marketplace)


def page_language_context(request: HttpRequest) -> dict[str, object]:
    """The page's `lang` and the locale its numbers, prices and dates are written in."""
    code = page_store(request)
    return {
        "page_lang": store_language_tag(code),
        "store_locale": store_locale(code),
        "disclosure": disclosure(code),
    }

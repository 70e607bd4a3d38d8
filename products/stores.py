"""The store a visitor browses: the one they chose (a cookie), else one suggested by their
browser's languages (Accept-Language), else the first store the catalogue carries.

No address lookup: the browser's languages are what the visitor told us, and the switch in
the header corrects a wrong guess for good.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from products.marketplaces import MARKETPLACES, Marketplace

STORE_COOKIE = "store"
STORE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# Browsers send a handful of languages in a few dozen characters; anything far longer is
# not a browser, and is read no further than this.
MAX_HEADER_LENGTH = 1000
MAX_RANGES = 50

# RFC 9110 section 12.5.4: a language range, and a weight of at most three decimals.
_LANGUAGE_RANGE = re.compile(r"^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$", re.IGNORECASE | re.ASCII)
_WEIGHT = re.compile(r"^q=(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE | re.ASCII)


def accept_language_ranges(header: str) -> list[str]:
    """The header's language ranges, most wanted first (ties keep the header's order),
    lower-cased; ranges refused with q=0 and malformed entries are left out."""
    weighted: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header[:MAX_HEADER_LENGTH].split(",")[:MAX_RANGES]):
        language, *parameters = (part.strip() for part in entry.split(";"))
        if not _LANGUAGE_RANGE.match(language):
            continue
        quality = 1.0
        if parameters:
            if len(parameters) != 1 or not _WEIGHT.match(parameters[0]):
                continue
            quality = float(parameters[0][2:])
        if quality > 0:
            weighted.append((-quality, position, language.lower()))
    return [language for _, _, language in sorted(weighted)]


def _store_for_language(language: str, carried: Sequence[Marketplace]) -> str | None:
    """RFC 4647 lookup: the tag, then shorter and shorter prefixes of it (en-gb-oxendict,
    en-gb, en); then any carried store serving the bare language at all (fr: amazon.ca)."""
    subtags = language.split("-")
    for end in range(len(subtags), 0, -1):
        wanted = "-".join(subtags[:end])
        for store in carried:
            if wanted in (locale.lower() for locale in store.locales):
                return store.code
    for store in carried:
        if any(locale.lower().split("-")[0] == subtags[0] for locale in store.locales):
            return store.code
    return None


def store_choice(*, cookie: str | None, accept_language: str, carried: Sequence[str]) -> str:
    """The store to show: a valid chosen one, else the best for the browser's languages,
    else the first carried. Unknown or malformed values are ignored."""
    if cookie in carried:
        return str(cookie)
    stores = [MARKETPLACES[code] for code in carried]
    for language in accept_language_ranges(accept_language):
        code = _store_for_language(language, stores)
        if code is not None:
            return code
    return carried[0]


def request_store(request: HttpRequest) -> str:
    """The code of the store this request's visitor browses."""
    return store_choice(
        cookie=request.COOKIES.get(STORE_COOKIE),
        accept_language=request.headers.get("Accept-Language", ""),
        carried=settings.AMAZON_MARKETPLACES,
    )


def carried_stores() -> list[Marketplace]:
    return [MARKETPLACES[code] for code in settings.AMAZON_MARKETPLACES]


class StoreConverter:
    """A carried store's code in a URL: /de/ for DE. Any other two letters match no page."""

    regex = "[a-z]{2}"

    def to_python(self, value: str) -> str:
        code = value.upper()
        if code not in settings.AMAZON_MARKETPLACES:
            raise ValueError(f"{value!r} is not a store this catalogue carries")
        return code

    def to_url(self, value: str) -> str:
        return value.lower()


def page_store(request: HttpRequest) -> str:
    """The store a page belongs to: the one in its URL (or its product's, its collection's),
    else, for pages of no one store, the visitor's."""
    return getattr(request, "page_store", None) or request_store(request)


def store_home(code: str) -> str:
    return reverse("products:home", kwargs={"marketplace": code})


def stores_context(request: HttpRequest) -> dict[str, object]:
    """The page's store, its home and search addresses, and the carried stores."""
    code = page_store(request)
    return {
        "current_store": MARKETPLACES[code],
        "carried_stores": carried_stores(),
        "site_url": settings.SITE_URL,
        "home_url": store_home(code),
        "search_url": reverse("products:search", kwargs={"marketplace": code}),
        "suggest_url": reverse("products:suggest", kwargs={"marketplace": code}),
        "page_path": _page_path(request),
    }


def _page_path(request: HttpRequest) -> str:
    """This page's path and the query parameters it reads (the page cache names them)."""
    query = getattr(request, "page_query", "")
    return f"{request.path}?{query}" if query else request.path


def same_page_in_store(url: str, code: str) -> str:
    """A page of this site as seen in store `code`: a page under a store's prefix (its
    home, search, collections) keeps its path and query in the other store; any other page
    (a product, a category) leads to that store's home."""
    parts = urlsplit(url)
    _, first, rest = [*parts.path.split("/", 2), "", ""][:3]
    if first.upper() in settings.AMAZON_MARKETPLACES and parts.path.startswith(f"/{first}/"):
        query = f"?{parts.query}" if parts.query else ""
        return f"/{code.lower()}/{rest}{query}"
    return store_home(code)


class StoreForm(forms.Form):
    """A visitor's choice of store, and the page of this site to return to."""

    store = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a store."),
            "invalid_choice": _("“%(value)s” is not a store this site carries: choose one listed."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        store = cast(forms.ChoiceField, self.fields["store"])
        store.choices = [(m.code, m.label) for m in carried_stores()]


def same_site_url(url: str, request: HttpRequest) -> str:
    """`url` when it leads to a page of this site, else the home page: never elsewhere."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else reverse("products:start")

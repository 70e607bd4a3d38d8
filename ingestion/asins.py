"""User input of ASINs and Amazon product URLs parsed into (marketplace code, ASIN) pairs."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from products.marketplaces import marketplace_for_host

ASIN = re.compile(r"[A-Za-z0-9]{10}")

# The paths Amazon uses for a product page: /dp/ASIN (with or without a title slug in
# front), /gp/product/ASIN, the mobile /gp/aw/d/ASIN and the legacy /exec/obidos/ASIN/.
PRODUCT_PATH = re.compile(
    r"/(?:dp(?:/product)?|gp/product|gp/aw/d|exec/obidos/(?:asin|tg/detail/-)|o/asin)"
    r"/([a-z0-9]{10})(?=[/?#]|$)",
    re.IGNORECASE,
)

# Amazon's link shorteners answer with a redirect, which needs a network request.
SHORT_LINK_HOSTS = frozenset({"amzn.to", "amzn.eu", "amzn.asia", "a.co"})

# Subdomains that serve the same store as www.
STORE_SUBDOMAINS = ("www.", "m.", "smile.")

# Far longer than any product URL with tracking parameters; longer input is pasted junk.
MAX_ENTRY_LENGTH = 2048


class InvalidEntry(ValueError):
    """An entry that is neither an ASIN nor a usable Amazon product URL."""


@dataclass
class ParsedEntries:
    """Valid (marketplace, ASIN) pairs, deduplicated in input order, and per-entry errors."""

    valid: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def split_entries(text: str) -> list[str]:
    """Split a pasted blob on newlines, spaces, commas and semicolons into entries."""
    entries: list[str] = []
    for token in text.split():
        if "/" in token:
            # Query strings may hold commas (keywords=a,b), so a URL is kept whole.
            entries.append(token.strip(",;"))
        else:
            entries.extend(part for part in re.split(r"[,;]+", token) if part)
    return [entry for entry in entries if entry]


def parse_entries(
    entries: Iterable[str],
    *,
    default_marketplace: str,
    allowed_marketplaces: Collection[str] | None = None,
) -> ParsedEntries:
    """Parse every entry, collecting the valid pairs once each and an error for the rest."""
    parsed = ParsedEntries()
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        try:
            pair = parse_entry(
                entry,
                default_marketplace=default_marketplace,
                allowed_marketplaces=allowed_marketplaces,
            )
        except InvalidEntry as error:
            parsed.errors.append((entry, str(error)))
            continue
        if pair not in seen:
            seen.add(pair)
            parsed.valid.append(pair)
    return parsed


def parse_entry(
    entry: str,
    *,
    default_marketplace: str,
    allowed_marketplaces: Collection[str] | None = None,
) -> tuple[str, str]:
    """One entry as (marketplace, ASIN); a bare ASIN belongs to the default marketplace."""
    text = entry.strip()
    if not text:
        raise InvalidEntry("Empty entry.")
    if len(text) > MAX_ENTRY_LENGTH:
        raise InvalidEntry(f"Too long to be an ASIN or a product URL ({len(text)} characters).")
    if ASIN.fullmatch(text):
        marketplace, asin = default_marketplace, text.upper()
    elif _looks_like_url(text):
        marketplace, asin = _parse_url(text)
    else:
        raise InvalidEntry("Not an ASIN (10 letters and digits) or an Amazon product URL.")
    if allowed_marketplaces is not None and marketplace not in allowed_marketplaces:
        raise InvalidEntry(f"The {marketplace} store is not one this catalogue carries.")
    return marketplace, asin


def _looks_like_url(text: str) -> bool:
    return "://" in text or "/" in text or text.lower().startswith(("www.", "amazon.", "amzn."))


def _parse_url(text: str) -> tuple[str, str]:
    url = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError as error:
        raise InvalidEntry(f"Not a valid URL: {error}.") from error
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidEntry("Not a web address (expected https://www.amazon...).")
    if host in SHORT_LINK_HOSTS:
        raise InvalidEntry(
            f"Short links ({host}) cannot be resolved here: open the link and paste the "
            "full product URL from the address bar."
        )
    marketplace = marketplace_for_host(_store_host(host))
    if marketplace is None:
        if "amazon." in host:
            raise InvalidEntry(f"Unknown Amazon store: {host}.")
        raise InvalidEntry(f"Not an Amazon URL: {host}.")
    match = PRODUCT_PATH.search(parts.path)
    if match is None:
        raise InvalidEntry("No product in this URL (expected /dp/ASIN or /gp/product/ASIN).")
    return marketplace.code, match.group(1).upper()


def _store_host(host: str) -> str:
    for prefix in STORE_SUBDOMAINS:
        if host.startswith(prefix):
            return host.removeprefix(prefix)
    return host

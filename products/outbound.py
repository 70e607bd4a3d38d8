"""Which URLs may leave the site as a product link or an image source.

Both end up in href and src attributes, so a URL from the API is kept only when it is
https on an Amazon host, or on an origin the operator listed in OUTBOUND_EXTRA_ORIGINS.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

from products.marketplaces import AMAZON_IMAGE_ORIGINS, MARKETPLACES, is_amazon_store_host

# URLs that start so are allowed whatever else they hold; checking the prefix first spares
# a full parse of nearly every URL an import brings (it checks thousands a second).
_STORE_PREFIXES = tuple(f"https://{m.host}/" for m in MARKETPLACES.values())
_IMAGE_PREFIXES = tuple(f"{origin}/" for origin in AMAZON_IMAGE_ORIGINS)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _extra_origins() -> set[str]:
    return {origin.rstrip("/").lower() for origin in settings.OUTBOUND_EXTRA_ORIGINS}


def is_allowed_product_link(url: str) -> bool:
    """https on an Amazon store host, or an extra origin from settings."""
    if url.startswith(_STORE_PREFIXES):
        return True
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if _origin(url) in _extra_origins():
        return True
    return parts.scheme == "https" and parts.port is None and is_amazon_store_host(host)


def is_allowed_image(url: str) -> bool:
    """https on Amazon's image hosts, or an extra origin from settings."""
    if url.startswith(_IMAGE_PREFIXES):
        return True
    try:
        origin = _origin(url)
    except ValueError:
        return False
    return origin in AMAZON_IMAGE_ORIGINS or origin in _extra_origins()

"""Purges sent to the self-hosted edge (Varnish) when the catalogue changes.

A page names what it shows in its Surrogate-Key header (products/edge_headers.py); a purge
is an HTTP BAN to EDGE_PURGE_URL carrying the changed keys, and the edge drops every page
holding any of them. CloudFront has no purge by key: there pages live out their s-maxage,
which never passes a shown price's 24 hours. A failed purge is logged and never fails the
write: the page then lives out its s-maxage too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import urllib3
from django.conf import settings

from products.edge_headers import product_key, store_key

logger = logging.getLogger(__name__)

# Keys per BAN request: each is at most ~30 characters, so a request stays far below the
# 8 KB header limit of common servers.
KEYS_PER_PURGE = 100
PURGE_TIMEOUT_SECONDS = 2.0

_pool = urllib3.PoolManager(retries=False, timeout=PURGE_TIMEOUT_SECONDS)


def edge_purge(keys: Iterable[str]) -> None:
    """Ask the edge to drop every page carrying any of these surrogate keys."""
    url = settings.EDGE_PURGE_URL
    wanted = sorted(set(keys))
    if not url or not wanted:
        return
    for start in range(0, len(wanted), KEYS_PER_PURGE):
        chunk = wanted[start : start + KEYS_PER_PURGE]
        try:
            answer = _pool.request("BAN", url, headers={"Surrogate-Key": " ".join(chunk)})
        except urllib3.exceptions.HTTPError as exc:
            logger.warning("edge purge failed: %s", exc, extra={"keys": len(chunk)})
            continue
        if answer.status >= 300:
            logger.warning("edge purge refused: HTTP %s", answer.status, extra={"keys": len(chunk)})


def products_purge(products: Iterable[tuple[str, str]]) -> None:
    """Pages showing these (marketplace, asin) products."""
    edge_purge(product_key(marketplace, asin) for marketplace, asin in products)


def stores_purge(codes: Iterable[str]) -> None:
    """Every page of these stores (a curation change may move any list)."""
    edge_purge(store_key(code) for code in codes)

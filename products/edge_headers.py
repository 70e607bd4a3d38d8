"""What a shared cache in front of the site (CloudFront, Varnish) may do with a page.

A page an anonymous visitor gets is `public` for as long as its TTL allows and never past
the moment the oldest price it shows turns PRICE_MAX_AGE old: `s-maxage` and the stale
windows after it (`stale-while-revalidate`, `stale-if-error`) all end by then. Its
`Surrogate-Key` names the store, products, categories and collection it shows, so a purge
by key removes every page a changed product appears on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control

from products.freshness import is_fresh, price_max_age


def store_key(code: str) -> str:
    return f"store-{code}"


def product_key(marketplace: str, asin: str) -> str:
    return f"product-{marketplace}-{asin}"


def category_key(marketplace: str, node_id: str) -> str:
    return f"category-{marketplace}-{node_id}"


def collection_key(slug: str) -> str:
    return f"collection-{slug}"


@dataclass(frozen=True)
class Shown:
    """What a rendered page shows: the times of its prices, and its surrogate keys."""

    prices: tuple[datetime | None, ...] = ()
    keys: frozenset[str] = field(default_factory=frozenset)

    def price_deadline(self) -> float | None:
        """When (epoch seconds) the oldest fresh price shown turns stale; None if none is."""
        fresh = [as_of for as_of in self.prices if as_of is not None and is_fresh(as_of)]
        if not fresh:
            return None
        return (min(fresh) + price_max_age()).timestamp()


def shown(
    products: Iterable[object] = (),
    *,
    store: str = "",
    categories: Iterable[object] = (),
    collection: str = "",
) -> Shown:
    """The Shown of a page listing `products` (anything with marketplace, asin and
    price_as_of), of `store`, `categories` (marketplace, node_id) and a collection."""
    items = list(products)
    keys = {product_key(p.marketplace, p.asin) for p in items}  # type: ignore[attr-defined]
    keys |= {category_key(c.marketplace, c.node_id) for c in categories}  # type: ignore[attr-defined]
    if store:
        keys.add(store_key(store))
    if collection:
        keys.add(collection_key(collection))
    prices = tuple(p.price_as_of for p in items)  # type: ignore[attr-defined]
    # A shown deal leaves the page when it ends, as a price leaves it when it turns stale:
    # its end counts as the time of a price that turns stale at that moment.
    deal_ends = tuple(
        deal.ends_at - price_max_age()
        for p in items
        if (deal := getattr(p, "live_deal", None)) is not None and deal.ends_at is not None
    )
    return Shown(prices=prices + deal_ends, keys=frozenset(keys))


def seconds_left(deadline: float | None, *, now: float | None = None) -> float:
    return math.inf if deadline is None else deadline - (now if now is not None else time.time())


def share(
    response: HttpResponseBase, *, seconds: float, price_deadline: float | None, keys: Iterable[str]
) -> None:
    """Mark `response` as one every visitor may be given from a shared cache, for at most
    `seconds` and never past `price_deadline`; private when no time is left."""
    left = seconds_left(price_deadline)
    fresh_for = int(max(0.0, min(seconds, left)))
    if fresh_for <= 0:
        keep_private(response)
        return
    directives = ["public", "max-age=0", f"s-maxage={fresh_for}"]
    room = left - fresh_for
    for name, allowed in (
        ("stale-while-revalidate", settings.EDGE_STALE_WHILE_REVALIDATE),
        ("stale-if-error", settings.EDGE_STALE_IF_ERROR),
    ):
        window = int(min(allowed, room))
        if window > 0:
            directives.append(f"{name}={window}")
    response["Cache-Control"] = ", ".join(directives)
    response["Surrogate-Key"] = " ".join(sorted(keys))


def keep_private(response: HttpResponseBase) -> None:
    """For this visitor only: no shared cache may keep it."""
    if "Surrogate-Key" in response:
        del response["Surrogate-Key"]
    patch_cache_control(response, private=True)


class SharedCacheGuardMiddleware:
    """The last word on the way out: an answer that sets a cookie, or that a signed-in user
    got, is never shareable, whatever the view said."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        shared = "public" in response.get("Cache-Control", "")
        if shared and (response.cookies or signed_in):
            keep_private(response)
        elif shared:
            # Reading the session to learn the visitor is anonymous added `Vary: Cookie`; a
            # public answer is the same for every anonymous visitor, and signed-in ones
            # never get a public answer, so a cache need not key on cookies.
            _drop_vary(response, "Cookie")
        return response


def _drop_vary(response: HttpResponseBase, header: str) -> None:
    kept = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in kept if v.lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]

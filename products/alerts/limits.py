"""Hourly counters against abuse of the alert forms, shared by every web process.

Each counter is a cache key per fixed window, created with `add` and raised with `incr`,
both atomic in Redis, as the API's throttling does (products/api/throttling.py).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from products.alerts.models import address_key

HOUR = 3600


def _take(key: str, *, limit: int, window: int = HOUR) -> bool:
    """Count one more event in the current window; False once the limit is passed."""
    index = int(time.time() // window)
    full_key = f"alerts:limit:{key}:{index}"
    cache.add(full_key, 0, timeout=window + 1)
    try:
        count = cache.incr(full_key)
    except ValueError:
        # The counter vanished (evicted, or the cache is down): the forms keep working,
        # and the double opt-in still stands between a sender and anyone's inbox.
        return True
    return count is None or count <= limit


def address_email_allowed(email: str) -> bool:
    """Whether one more confirmation or manage-link email may go to this address this hour."""
    return _take(f"address:{address_key(email)}", limit=settings.ALERTS_EMAILS_PER_ADDRESS_PER_HOUR)


def client_request_allowed(client: str) -> bool:
    """Whether this client address may submit one more alert form this hour."""
    return _take(f"client:{client}", limit=settings.ALERTS_REQUESTS_PER_CLIENT_PER_HOUR)

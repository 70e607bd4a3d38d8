"""The client's address behind a known number of proxies, shared by throttling and lockout.

Each proxy appends the address it received the request from to X-Forwarded-For, so with
N trusted proxies the client is the N-th entry from the right; anything further left was
written by the client and may be forged. With no trusted proxy the header is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the outermost trusted proxy saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count == 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    return entries[-min(count, len(entries))]

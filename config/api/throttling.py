"""Rate limits over any window, counted in the shared cache so every web process enforces one.

DRF's own rates only take per second, minute, hour or day, and keep a list of timestamps per
client (read, edited and written back: racy across processes). Here each client has one
counter per fixed window, created with `add` and raised with `incr`, both atomic in Redis.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from config.security.client_address import client_address

# Signed-in clients (programs with a token, staff) get this many times the anonymous limit.
AUTHENTICATED_MULTIPLIER = 10
# Where a request counted before DRF's cycle keeps its number in the anonymous window.
COUNTED_ATTRIBUTE = "anonymous_count"


class WindowThrottle(BaseThrottle):
    """RATE_LIMIT_MAX_REQUESTS (times `multiplier`) per RATE_LIMIT_WINDOW_MS, per client."""

    scope = ""
    multiplier = 1

    def identity(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        identity = self.identity(request)
        return identity is None or self.count_request(identity)

    def count_request(self, identity: str) -> bool:
        """Counts a request of identity's; whether it is within the limit."""
        key, timeout = self.counter(identity)
        return self.within(self._count(key, timeout=timeout))

    def counter(self, identity: str) -> tuple[str, int]:
        """The cache key of identity's count in this window, and how long it must live."""
        key, window = self._window_key(identity)
        return key, int(window) + 1

    def within(self, count: int | None) -> bool:
        """Whether a request with this number in its window is within the limit (an
        unknown number is: an unavailable cache must not take the API down with it)."""
        return count is None or count <= self.limit

    def is_spent(self, identity: str) -> bool:
        """Whether identity's next request would be over the limit, without counting one."""
        count = cache.get(self._window_key(identity)[0])
        return isinstance(count, int) and count >= self.limit

    @property
    def limit(self) -> int:
        return settings.RATE_LIMIT_MAX_REQUESTS * self.multiplier

    def _window_key(self, identity: str) -> tuple[str, float]:
        window = settings.RATE_LIMIT_WINDOW_MS / 1000
        index = int(time.time() // window)
        return f"throttle:{self.scope}:{identity}:{index}", window

    @staticmethod
    def _count(key: str, *, timeout: int) -> int | None:
        """This request's number in its window. Raising first costs one round trip on every
        request but a window's first, which creates the counter."""
        for _ in range(2):
            try:
                return cache.incr(key)
            except ValueError:
                if cache.add(key, 1, timeout=timeout):
                    return 1
        # Neither raised nor created (the cache is down): an unavailable cache must not
        # take the API down with it.
        return None

    def wait(self) -> float:
        """Seconds until the current window ends."""
        window = settings.RATE_LIMIT_WINDOW_MS / 1000
        now = time.time()
        return (int(now // window) + 1) * window - now


class AnonymousThrottle(WindowThrottle):
    scope = "anonymous"

    def identity(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_address(request._request)

    def allow_request(self, request: Request, view: Any) -> bool:
        # The early answer path counted this request already, with its cache lookup.
        counted = getattr(request._request, COUNTED_ATTRIBUTE, None)
        if counted is not None:
            return self.within(counted)
        return super().allow_request(request, view)


class AuthenticatedThrottle(WindowThrottle):
    scope = "user"
    multiplier = AUTHENTICATED_MULTIPLIER

    def identity(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None


class DocsThrottle(WindowThrottle):
    """The schema and its documentation, per address, beside the API's limits: reading the
    docs while a program polls never locks either out. A schema is generated per request,
    so it keeps a limit rather than none."""

    scope = "docs"

    def identity(self, request: Request) -> str | None:
        return client_address(request._request)

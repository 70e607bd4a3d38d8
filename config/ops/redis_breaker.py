"""Redis connections that stop trying for a moment after Redis failed to answer.

The cache's socket timeout is 0.5 s, and a page makes several cache calls: against a hung
Redis (port open, nothing answering) each would wait it out. After one failure, this
process skips Redis for PAUSE_SECONDS and every cache call fails at once, so a request
waits at most one timeout; django-redis then serves uncached (IGNORE_EXCEPTIONS).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from redis.connection import Connection, SSLConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

PAUSE_SECONDS = 2.0


class _Breaker:
    """Per process and per server: the moment until which that Redis is not tried again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def trip(self, server: str) -> None:
        with self._lock:
            self._until[server] = time.monotonic() + PAUSE_SECONDS

    def check(self, server: str) -> None:
        if time.monotonic() < self._until.get(server, 0.0):
            raise RedisConnectionError(
                f"Redis at {server} failed within the last {PAUSE_SECONDS:.0f} s; "
                "not tried again yet"
            )


breaker = _Breaker()


class _BreakerMixin:
    host: str
    port: int

    @property
    def _server(self) -> str:
        return f"{self.host}:{self.port}"

    def connect_check_health(self, *args: Any, **kwargs: Any) -> None:
        breaker.check(self._server)
        try:
            super().connect_check_health(*args, **kwargs)  # type: ignore[misc]
        except (RedisConnectionError, RedisTimeoutError):
            breaker.trip(self._server)
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)  # type: ignore[misc]
        except (RedisConnectionError, RedisTimeoutError):
            breaker.trip(self._server)
            raise


class BreakerConnection(_BreakerMixin, Connection):
    """A plain TCP connection (redis://) with the breaker."""


class BreakerSSLConnection(_BreakerMixin, SSLConnection):
    """A TLS connection (rediss://) with the breaker."""


def breaker_pool_options(url: str) -> dict[str, Any]:
    """django-redis CONNECTION_POOL_KWARGS for a Redis URL (unix sockets go without)."""
    if url.startswith("rediss://"):
        return {"connection_class": BreakerSSLConnection}
    if url.startswith("redis://"):
        return {"connection_class": BreakerConnection}
    return {}

"""One webhook POST: to the address that was checked, with short timeouts, no redirects."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

from products.webhooks.addresses import UnsafeAddress, webhook_address

# Of a receiver's answer, only this much is read and kept for the admin.
RESPONSE_EXCERPT_BYTES = 1024


@dataclass(frozen=True)
class PostOutcome:
    status: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def webhook_post(url: str, *, body: bytes, headers: dict[str, str]) -> PostOutcome:
    """POST body to url; any failure (address, connection, timeout) becomes the outcome's error."""
    started = time.monotonic()

    def outcome(status: int | None = None, text: str = "", error: str = "") -> PostOutcome:
        return PostOutcome(status, text, error[:500], int((time.monotonic() - started) * 1000))

    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    try:
        address = webhook_address(host, port)
    except UnsafeAddress as unsafe:
        return outcome(error=str(unsafe))
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_TIMEOUT, read=settings.WEBHOOK_TIMEOUT)
    # Connecting to the checked address (the certificate still checked against the host
    # name) leaves no second lookup that a rebinding DNS server could answer differently.
    pool: urllib3.HTTPConnectionPool
    if https:
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            "POST",
            target,
            body=body,
            headers={**headers, "Host": parts.netloc},
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        finally:
            response.release_conn()
        return outcome(response.status, excerpt.decode("utf-8", errors="replace"))
    except urllib3.exceptions.HTTPError as error:
        return outcome(error=f"{type(error).__name__}: {error}")
    finally:
        pool.close()

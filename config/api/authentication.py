"""Token authentication that the address's anonymous limit decides first.

DRF authenticates before it throttles, so a request with a bad token was told 401 (after
a database lookup) however far over its limit the address was, and never counted. Here a
request with a token from an address whose anonymous limit is spent is a 429 before any
lookup, and a bad token counts against the address like a request without one. A valid
token's requests count against its user's own, higher limit.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request

from config.api.throttling import AnonymousThrottle
from config.security.client_address import client_address


class AddressLimitedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        throttle = AnonymousThrottle()
        address = client_address(request._request)
        if throttle.is_spent(address):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.count_request(address)
            raise

"""Who may read the operations details (metrics, readiness checks): the operators' callers.

With METRICS_TOKEN set, only a request carrying it as a bearer token; without one, only a
private caller not behind the load balancer. Behind the ALB every caller seems private
(the ALB's own address), so a request that carries X-Forwarded-For came through it and is
refused.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def operator_allowed(request: HttpRequest) -> bool:
    """With METRICS_TOKEN set, its bearer token; else a private caller not behind the ALB."""
    if settings.METRICS_TOKEN:
        supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(supplied.encode(), settings.METRICS_TOKEN.encode())
    if "X-Forwarded-For" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return address.is_private or address.is_loopback

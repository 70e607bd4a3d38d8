"""Which URLs a webhook may POST to: https, no credentials, and public addresses only.

A webhook URL is typed by staff but requested by the worker from inside the network, so
a URL naming a private, loopback or link-local address (or a host resolving to one, such
as the cloud metadata service at 169.254.169.254) would let it reach what the internet
cannot. Hosts are resolved when the URL is saved and again at every delivery, and the
delivery connects to the address that was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(Exception):
    """The URL's host is, or resolves to, an address webhooks may not reach."""


def validate_webhook_url(url: str) -> None:
    """Every problem with a webhook URL, as one field's ValidationError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise ValidationError("Enter a valid URL.", code="invalid") from None
    problems = _url_problems(parts)
    if parts.hostname:
        try:
            webhook_address(parts.hostname, _port(parts))
        except UnsafeAddress as unsafe:
            problems.append(str(unsafe))
    if problems:
        raise ValidationError(problems, code="webhook_url")


def _url_problems(parts: SplitResult) -> list[str]:
    problems = []
    if parts.scheme not in ("https", "http"):
        problems.append("Use an https:// URL.")
    elif parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        problems.append(
            "Use https://: deliveries carry catalogue data and their signature "
            "(plain http needs WEBHOOK_ALLOW_HTTP)."
        )
    if parts.username is not None or parts.password is not None:
        problems.append(
            "Remove the user name and password from the URL: the receiver checks the "
            "signature instead, and a URL is shown in the admin and the logs."
        )
    if not parts.hostname:
        problems.append("The URL needs a host name.")
    return problems


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def webhook_address(host: str, port: int) -> str:
    """The address to connect to for host; UnsafeAddress when it may not be reached."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeAddress(f"The host {host} cannot be resolved ({error}).") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in found]
    if not addresses:
        raise UnsafeAddress(f"The host {host} has no address.")
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        # Every address is checked, not only the first: a host may answer with several.
        private = sorted({str(a) for a in addresses if not _is_public(a)})
        if private:
            raise UnsafeAddress(
                f"The host {host} is a private, loopback or link-local address "
                f"({', '.join(private)}); webhooks only reach public addresses "
                "(WEBHOOK_ALLOW_PRIVATE_ADDRESSES allows others)."
            )
    # IPv4 first: a host with both kinds may be unreachable over IPv6 from the worker.
    return str(min(addresses, key=lambda address: address.version))


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast

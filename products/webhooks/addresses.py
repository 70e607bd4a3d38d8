"""Which URLs a webhook may POST to: https, no credentials, and public addresses only.

A webhook URL is typed by staff but requested by the worker from inside the network, so
a URL naming a private, loopback or link-local address (or a host resolving to one, such
as the cloud metadata service at 169.254.169.254) would let it reach what the internet
cannot. Hosts are resolved when the URL is saved and again at every delivery, and the
delivery connects to the address that was checked. An IPv6 address that carries an IPv4
one (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) reaches that IPv4 address through
a translator or a tunnel, so it is judged as that IPv4 address. A refusal names the rule
broken, not the address a host resolved to: staff need not learn the inside's addresses.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


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
    # Every address is checked, not only the first: a host may answer with several.
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(map(_is_public, addresses)):
        raise UnsafeAddress(
            "The host is, or resolves to, a private, loopback or link-local address (an "
            "IPv6 address carrying an IPv4 one is judged by that IPv4 address); webhooks "
            "only reach public addresses (WEBHOOK_ALLOW_PRIVATE_ADDRESSES allows others)."
        )
    # IPv4 first: a host with both kinds may be unreachable over IPv6 from the worker.
    return str(min(addresses, key=lambda address: address.version))


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        address = embedded_ipv4(address) or address
    return address.is_global and not address.is_multicast


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one delivers to, for the forms that carry one."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        # (server, client): the client's address, stored inverted, is where traffic ends.
        return address.teredo[1]
    if address in NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
        # NAT64 (RFC 6052) and the deprecated IPv4-compatible ::a.b.c.d: the last 32 bits.
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None

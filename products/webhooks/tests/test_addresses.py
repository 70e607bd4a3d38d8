"""Webhook targets: an IPv4 address carried inside IPv6 is judged as that IPv4 address, and a
refusal names the rule, never the address a host resolved to."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ValidationError
from pytest_django.fixtures import Settings

from products.webhooks.addresses import embedded_ipv4, validate_webhook_url

RULE = "resolves to, a private, loopback or link-local address"


@pytest.fixture(autouse=True)
def public_only(settings: Settings) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_ALLOW_HTTP = False


def refusal(url: str) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_webhook_url(url)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("host", "carried"),
    [
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 of the metadata service
        ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64 of loopback
        ("2002:7f00:1::1", "127.0.0.1"),  # 6to4
        ("2002:a9fe:a9fe::1", "169.254.169.254"),  # 6to4
        ("::127.0.0.1", "127.0.0.1"),  # IPv4-compatible
        ("::ffff:10.0.0.1", "10.0.0.1"),  # IPv4-mapped
        # Teredo: server 65.54.227.120, client 192.168.0.1 stored inverted (3f57:fffe).
        ("2001:0:4136:e378:8000:63bf:3f57:fffe", "192.168.0.1"),
    ],
)
def test_an_ipv4_address_inside_ipv6_is_refused_as_that_address(host: str, carried: str) -> None:
    assert embedded_ipv4(ipaddress.IPv6Address(host)) == ipaddress.IPv4Address(carried)

    message = refusal(f"https://[{host}]/hook")

    assert RULE in message
    assert carried not in message


@pytest.mark.parametrize(
    "host",
    [
        "[2606:4700:4700::1111]",  # a public IPv6 address
        "[64:ff9b::808:808]",  # NAT64 of a public IPv4 address
        "[2002:808:808::1]",  # 6to4 of a public IPv4 address
        "93.184.215.14",
    ],
)
def test_a_public_address_is_accepted(host: str) -> None:
    validate_webhook_url(f"https://{host}/hook")


def test_a_host_resolving_to_loopback_is_refused_without_naming_the_address() -> None:
    message = refusal("https://localhost/hook")

    assert RULE in message
    assert "127.0.0.1" not in message and "::1" not in message

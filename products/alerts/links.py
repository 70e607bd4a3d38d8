"""The links alert emails carry: absolute, to this site only, signed where they must expire."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from products.alerts.models import Subscription, address_key
from products.links import product_url
from products.models import Product

CONFIRM_SALT = "products.alerts.confirm"
MANAGE_SALT = "products.alerts.manage"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def product_page_link(product: Product) -> str:
    """This site's page for the product: emails never link to Amazon directly."""
    return absolute(product_url(product))


def confirm_link(subscription: Subscription) -> str:
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscription.token)
    return absolute(reverse("alerts:confirm", kwargs={"signed": signed}))


def manage_path(email: str) -> str:
    """The manage page's path, for this site's own pages; emails use manage_link."""
    signed = signing.TimestampSigner(salt=MANAGE_SALT).sign(address_key(email))
    return reverse("alerts:manage", kwargs={"signed": signed})


def manage_link(email: str) -> str:
    return absolute(manage_path(email))


def unsubscribe_link(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", kwargs={"token": subscription.token}))


def confirm_token_read(signed: str) -> str:
    """The subscription token a confirmation link carries; raises BadSignature or
    SignatureExpired (a subclass: catch it first)."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    return signer.unsign(signed, max_age=settings.ALERTS_CONFIRM_MAX_AGE)


def manage_address_read(signed: str) -> str:
    """The address key a manage link carries; raises like confirm_token_read."""
    signer = signing.TimestampSigner(salt=MANAGE_SALT)
    return signer.unsign(signed, max_age=settings.ALERTS_MANAGE_MAX_AGE)

"""The links alert emails carry: absolute, to this site only, signed where they must expire."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from products.alerts.models import Subscription
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
    signed = signing.dumps(subscription.token, salt=CONFIRM_SALT)
    return absolute(reverse("alerts:confirm", kwargs={"signed": signed}))


def manage_path(email: str) -> str:
    """The manage page's path, for this site's own pages; emails use manage_link."""
    signed = signing.dumps(email, salt=MANAGE_SALT)
    return reverse("alerts:manage", kwargs={"signed": signed})


def manage_link(email: str) -> str:
    return absolute(manage_path(email))


def unsubscribe_link(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", kwargs={"token": subscription.token}))


def confirm_token_read(signed: str) -> str:
    """The subscription token a confirmation link carries; raises BadSignature or
    SignatureExpired (a subclass: catch it first)."""
    token: str = signing.loads(signed, salt=CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_MAX_AGE)
    return token


def manage_email_read(signed: str) -> str:
    """The address a manage link was sent to; raises like confirm_token_read."""
    email: str = signing.loads(signed, salt=MANAGE_SALT, max_age=settings.ALERTS_MANAGE_MAX_AGE)
    return email

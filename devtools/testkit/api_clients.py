"""Users and API clients as programs reach the API: anonymous, a member, staff with a token."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

STAFF_PERMISSIONS = (
    "add_product",
    "view_ingestionrun",
    "view_watchlist",
    "add_watchlist",
    "change_watchlist",
    "delete_watchlist",
)


def staff_user() -> User:
    """Staff with the permissions the staff endpoints ask for, and no others."""
    user = User.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=STAFF_PERMISSIONS))
    return user


def token_client(user: User) -> APIClient:
    """A program signed in as `user` with a token, as a script would be."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def member_client() -> APIClient:
    """Signed in, but not staff."""
    client = APIClient()
    client.force_login(User.objects.create_user("member", "m@example.com", "pw"))
    return client

"""The admin: locked per username and address after repeated failures, at a configurable path."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.fresh_process import run_python

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def admin_user() -> User:
    return User.objects.create_superuser("boss", "boss@example.com", "right-password")


@pytest.fixture
def limit(settings: Settings) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    return 3


def _sign_in(password: str, address: str, username: str = "boss") -> int:
    response = Client().post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=address,
    )
    return response.status_code


def test_repeated_failures_lock_the_username_for_that_address(admin_user: User, limit: int) -> None:
    failures = [_sign_in("wrong", "198.51.100.7") for _ in range(limit)]

    assert failures[:-1] == [200] * (limit - 1)
    assert failures[-1] == 429
    # Locked even with the right password, and a forged left entry is no way out.
    assert _sign_in("right-password", "1.2.3.4, 198.51.100.7") == 429


def test_a_lockout_does_not_shut_out_the_same_user_elsewhere_or_other_users(
    admin_user: User, limit: int
) -> None:
    User.objects.create_superuser("other", "other@example.com", "other-password")
    for _ in range(limit):
        _sign_in("wrong", "198.51.100.7")

    assert _sign_in("right-password", "203.0.113.4") == 302
    assert _sign_in("other-password", "198.51.100.7", username="other") == 302


def test_the_lockout_page_says_why(admin_user: User, limit: int) -> None:
    for _ in range(limit):
        _sign_in("wrong", "198.51.100.7")

    response = Client().post(
        LOGIN,
        {"username": "boss", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="10.0.0.5",
    )

    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


def test_the_admin_moves_with_django_admin_url() -> None:
    result = run_python(
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='localhost'); "
        "print(c.get('/back-office-7f3/').status_code, c.get('/admin/').status_code)",
        settings_module="config.settings.test",
        env={"DJANGO_ADMIN_URL": "back-office-7f3/"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["302", "404"]

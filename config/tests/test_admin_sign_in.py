"""Signing in at the admin lands on the admin, even when `next` names another site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_off_site_next_lands_on_the_admin_index(client: Client) -> None:
    User.objects.create_user("curator", "c@example.com", "a-long-password", is_staff=True)
    login = f"/{settings.ADMIN_URL}login/"

    response = client.post(
        f"{login}?next=https://evil.example.com/",
        {"username": "curator", "password": "a-long-password", "next": "https://evil.example.com/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{settings.ADMIN_URL}"
    assert client.get(response["Location"]).status_code == 200

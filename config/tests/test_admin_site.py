"""The admin is named after the catalogue, not "Django administration"."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db


def test_the_admin_is_named_after_the_site(client: Client) -> None:
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))

    index = client.get(reverse("admin:index")).content.decode()
    login = Client().get(reverse("admin:login")).content.decode()

    assert "<title>Dashboard | Catalogue admin</title>" in index
    assert "Catalogue administration" in index and "Catalogue administration" in login
    assert "Django administration" not in index + login
    assert "Django site admin" not in index + login


def test_the_admin_takes_the_sites_own_name(client: Client, settings: Settings) -> None:
    settings.SITE_NAME = "Kettle Corner"
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))

    index = client.get(reverse("admin:index")).content.decode()

    assert "<title>Dashboard | Kettle Corner admin</title>" in index
    assert "Kettle Corner administration" in index

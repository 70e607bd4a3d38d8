"""API clients as fixtures, for every API's tests: anonymous, staff with a token, a member.

Registered once by the root conftest (`pytest_plugins`), so the catalogue's, the
collections' and ingestion's API tests share one definition.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from devtools.testkit.api_clients import member_client, staff_user, token_client


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def staff(db: None) -> User:
    return staff_user()


@pytest.fixture
def staff_api(staff: User) -> APIClient:
    """A program signed in as staff with a token, as a script would be."""
    return token_client(staff)


@pytest.fixture
def member_api(db: None) -> APIClient:
    return member_client()

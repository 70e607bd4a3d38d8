"""The API tests' clients, users and cache isolation, shared with the staff endpoints."""

from products.api.tests.conftest import (  # noqa: F401
    api,
    member_api,
    staff,
    staff_api,
)

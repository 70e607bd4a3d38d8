"""Who counts as staff to the API: staff read and write everything, others read the public."""

from __future__ import annotations

from rest_framework.request import Request


def is_staff(request: Request) -> bool:
    return bool(request.user and request.user.is_staff)

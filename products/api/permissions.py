"""Who may read the price history: the operator decides whether it is public."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from config.api.permissions import is_staff


def may_see_price_history(request: Request) -> bool:
    """Associates terms: a long history built from API data is the operator's call to publish."""
    return settings.PRICE_HISTORY_PUBLIC or is_staff(request)


class PriceHistoryVisible(BasePermission):
    message = "The price history is shown to staff only (PRICE_HISTORY_PUBLIC is off)."

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_see_price_history(request)

    def allows_anonymous(self) -> bool:
        """What the schema states: public unless the operator turned it off."""
        return bool(settings.PRICE_HISTORY_PUBLIC)

"""Admin banners when the Creators API cannot be called: not configured, or access lost."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ingestion.access import next_probe_at
from ingestion.api_client import ApiSettings
from ingestion.api_errors import MissingCredentials
from ingestion.models import ApiAccess
from ingestion.regions import region_stores


def _configuration_problem() -> str:
    for marketplace in settings.AMAZON_MARKETPLACES:
        try:
            ApiSettings.from_django(marketplace)
        except MissingCredentials as missing:
            return str(missing)
    return ""


def api_access_banner(request: HttpRequest) -> dict[str, Any]:
    """Only admin pages pay for the query, and only staff see the banner."""
    user = getattr(request, "user", None)
    if not request.path.startswith(f"/{settings.ADMIN_URL}") or not (user and user.is_staff):
        return {}
    return {
        "api_access_lost": [
            {
                "access": access,
                "stores": ", ".join(region_stores(access.region)),
                "next_probe_at": next_probe_at(access),
            }
            for access in ApiAccess.objects.filter(blocked=True)
        ],
        "api_configuration_problem": _configuration_problem(),
    }

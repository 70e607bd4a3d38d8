"""Each carried store's Associates and Creators API standing, for the admin: its partner
tag, its credential, the last call that worked, its credential's quota and access."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from ingestion.access import last_successful_call
from ingestion.models import ApiAccess
from ingestion.quota import request_quota
from ingestion.regions import region_limits, store_region
from products.marketplaces import MARKETPLACES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreAccount:
    marketplace: str
    host: str
    partner_tag: str
    region: str
    version: str
    last_success: datetime | None
    # Requests the store's credential spent today (shared with its region's other stores);
    # None when the quota cannot be read (Redis down).
    quota_used_today: int | None
    quota_per_day: int
    paused: ApiAccess | None


def store_accounts() -> list[StoreAccount]:
    """One row per carried store, in AMAZON_MARKETPLACES order."""
    paused = {access.region: access for access in ApiAccess.objects.filter(blocked=True)}
    used: dict[str, int | None] = {}
    rows = []
    for code in settings.AMAZON_MARKETPLACES:
        region = store_region(code)
        tpd = region_limits(region)[1]
        if region not in used:
            used[region] = _used_today(region, tpd=tpd)
        credential = settings.CREATORS_API_CREDENTIALS.get(region, {})
        rows.append(
            StoreAccount(
                marketplace=code,
                host=MARKETPLACES[code].label,
                partner_tag=settings.AMAZON_PARTNER_TAGS.get(code, ""),
                region=region,
                version=str(credential.get("version", "")),
                last_success=last_successful_call(code),
                quota_used_today=used[region],
                quota_per_day=tpd,
                paused=paused.get(region),
            )
        )
    return rows


def _used_today(region: str, *, tpd: int) -> int | None:
    # Without Redis each process counts its own requests: this one's count says nothing of
    # the worker's.
    if not settings.REDIS_URL:
        return None
    try:
        return tpd - request_quota(region).remaining_today()
    except Exception as error:  # the page must render with Redis down
        logger.warning("The %s quota cannot be read: %s", region, error)
        return None

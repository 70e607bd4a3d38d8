"""Whether a credential may call the Creators API, and the record of when it lost access.

Amazon withdraws access (403 AssociateNotEligible) after 30 days without qualifying sales,
and stops accepting credentials that were revoked or rotated (the token endpoint refuses
them, or the API answers 401 InvalidClient even with a fresh token). Credentials are per
region (NA / EU / FE), so access is recorded per region: losing the EU credential stops
UK and DE requests while US ones go on. Either way that region's requests stop; one probe
call every PROBE_INTERVAL finds out when access returns, without an operator having to
notice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ingestion.models import ApiAccess

PROBE_INTERVAL = timedelta(hours=6)

# The time of each store's last successful call, in the cache (Redis in production): one
# write per answered request would cost the database more than the figure is worth.
LAST_SUCCESS_KEY = "creatorsapi:last-success:{marketplace}"


def api_access(region: str) -> ApiAccess:
    access, _ = ApiAccess.objects.get_or_create(region=region)
    return access


def access_may_call(region: str, *, now: datetime | None = None) -> bool:
    """True unless the region's access was withdrawn and its last probe is recent."""
    access = ApiAccess.objects.filter(region=region, blocked=True).first()
    if access is None:
        return True
    now = now or timezone.now()
    return access.checked_at is None or now - access.checked_at >= PROBE_INTERVAL


def access_denied(*, region: str, reason: str, message: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        access = ApiAccess.objects.select_for_update().get(pk=api_access(region).pk)
        if not access.blocked:
            access.since = now
        access.blocked = True
        access.reason = reason[:255]
        access.message = message
        access.checked_at = now
        access.save()


def access_retry_now(region: str) -> None:
    """Staff say the credential is fixed: the next run probes at once instead of waiting."""
    ApiAccess.objects.filter(region=region, blocked=True).update(checked_at=None)


def next_probe_at(access: ApiAccess) -> datetime | None:
    """When the next run may probe a blocked region (None: the next run probes)."""
    return access.checked_at + PROBE_INTERVAL if access.checked_at else None


def access_confirmed(*, region: str, marketplace: str) -> None:
    """A successful call: the region's access is (again) allowed; the store's last success."""
    ApiAccess.objects.filter(region=region, blocked=True).update(
        blocked=False, checked_at=timezone.now(), reason="", message=""
    )
    cache.set(LAST_SUCCESS_KEY.format(marketplace=marketplace), timezone.now().isoformat(), None)


def last_successful_call(marketplace: str) -> datetime | None:
    """When a request for the store last succeeded (None: not since the cache was emptied)."""
    stamp = cache.get(LAST_SUCCESS_KEY.format(marketplace=marketplace))
    return parse_datetime(stamp) if isinstance(stamp, str) else None

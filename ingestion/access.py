"""Whether the account may call the Creators API, and the record of when it lost access.

Amazon withdraws access (403 AssociateNotEligible) after 30 days without qualifying sales,
and stops accepting credentials that were revoked or rotated (the token endpoint refuses
them, or the API answers 401 InvalidClient even with a fresh token). Either way ingestion
stops spending requests; one probe call every PROBE_INTERVAL finds out when access
returns, without an operator having to notice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ingestion.models import ApiAccess

PROBE_INTERVAL = timedelta(hours=6)


def api_access() -> ApiAccess:
    access, _ = ApiAccess.objects.get_or_create(pk=1)
    return access


def access_may_call(*, now: datetime | None = None) -> bool:
    """True unless access was withdrawn and the last probe is recent."""
    access = api_access()
    if not access.blocked:
        return True
    now = now or timezone.now()
    return access.checked_at is None or now - access.checked_at >= PROBE_INTERVAL


def access_denied(*, reason: str, message: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        access = ApiAccess.objects.select_for_update().get(pk=api_access().pk)
        if not access.blocked:
            access.since = now
        access.blocked = True
        access.reason = reason[:255]
        access.message = message
        access.checked_at = now
        access.save()


def access_confirmed() -> None:
    """A successful call: access is (again) allowed."""
    ApiAccess.objects.filter(blocked=True).update(
        blocked=False, checked_at=timezone.now(), reason="", message=""
    )

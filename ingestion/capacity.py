"""How many items a credential's quota can refresh, and how much of it each run may use."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ingestion.gateway import MAX_ITEMS_PER_REQUEST
from ingestion.regions import region_limits
from ingestion.schedules import REFRESH_PERIOD

# Price refreshes may use 90 % of the quota; the rest is kept for imports and watchlists.
REFRESH_SHARE = 0.9
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Capacity:
    requests_per_day: int
    refreshable_per_day: int
    batches_per_run: int


def quota_capacity(region: str) -> Capacity:
    """A region's credential: daily requests are bounded both by the per-second rate and by
    the daily budget."""
    tps, tpd = region_limits(region)
    requests_per_day = int(min(tps * SECONDS_PER_DAY, tpd))
    refresh_requests = requests_per_day * REFRESH_SHARE
    return Capacity(
        requests_per_day=requests_per_day,
        refreshable_per_day=int(refresh_requests) * MAX_ITEMS_PER_REQUEST,
        batches_per_run=max(1, math.floor(refresh_requests * REFRESH_PERIOD / SECONDS_PER_DAY)),
    )

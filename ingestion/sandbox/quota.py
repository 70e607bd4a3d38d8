"""Requests per second and per day for each credential, as Amazon meters an account."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

SECONDS_PER_DAY = 86_400


@dataclass
class _Meter:
    tokens: float
    refilled_at: float
    day: int
    used_today: int = 0


@dataclass(frozen=True)
class Refusal:
    """Why a request was throttled and how many whole seconds to wait."""

    quota_code: str
    retry_after: int


class Quota:
    """A token bucket per second and a count per UTC day, per credential, across threads."""

    def __init__(self) -> None:
        self._meters: dict[str, _Meter] = {}
        self._lock = threading.Lock()

    def admit(
        self, credential: str, *, now: float, tps: float, tpd: int, burst: int
    ) -> Refusal | None:
        """Count the request if it fits both quotas; otherwise say why not. Limits <= 0 are off."""
        day = int(now // SECONDS_PER_DAY)
        with self._lock:
            meter = self._meters.setdefault(credential, _Meter(float(burst), now, day))
            if meter.day != day:
                meter.day, meter.used_today = day, 0
            if tps > 0:
                elapsed = max(0.0, now - meter.refilled_at)
                meter.tokens = min(float(burst), meter.tokens + elapsed * tps)
            meter.refilled_at = now
            if tpd > 0 and meter.used_today >= tpd:
                return Refusal("RequestsPerDay", math.ceil((day + 1) * SECONDS_PER_DAY - now))
            if tps > 0 and meter.tokens < 1:
                # Retry-After carries whole seconds (RFC 9110), so never less than one.
                return Refusal("RequestsPerSecond", max(1, math.ceil((1 - meter.tokens) / tps)))
            if tps > 0:
                meter.tokens -= 1
            meter.used_today += 1
            return None

    def reset(self) -> None:
        """Forget all usage, as if every credential had just started."""
        with self._lock:
            self._meters.clear()

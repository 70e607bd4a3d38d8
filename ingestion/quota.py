"""The Creators API request quota: a token bucket per credential (region) shared by every
worker, with a daily budget."""

from __future__ import annotations

import logging
import math
import threading
import time
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from redis import Redis

from ingestion.regions import region_limits

logger = logging.getLogger(__name__)

SECONDS_PER_DAY = 86400

# One hash per credential holds the bucket (tokens, stamp), the UTC day's count (day, used) and
# any 429 pause (paused_until). TIME is the server's clock, so workers on different hosts
# with drifting clocks still share one schedule. The key outlives an idle day, no more.
ACQUIRE_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local rate, burst, daily_limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local day = math.floor(tonumber(clock[1]) / 86400)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp', 'day', 'used', 'paused_until')
local used = tonumber(state[4]) or 0
if tonumber(state[3]) ~= day then used = 0 end
if used >= daily_limit then
  return {'exhausted', string.format('%.6f', (day + 1) * 86400 - now)}
end
local stamp = tonumber(state[2]) or now
local tokens = math.min(burst, (tonumber(state[1]) or burst) + math.max(0, now - stamp) * rate)
local paused_until = tonumber(state[5]) or 0
local wait = 0
if paused_until > now then
  wait = paused_until - now
elseif tokens < 1 then
  wait = (1 - tokens) / rate
else
  tokens = tokens - 1
  used = used + 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens),
  'stamp', string.format('%.6f', now), 'day', day, 'used', used)
redis.call('EXPIRE', KEYS[1], 2 * 86400)
if wait > 0 then
  return {'wait', string.format('%.6f', wait)}
end
return {'granted', tostring(daily_limit - used)}
"""

PENALISE_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local paused_until = math.max(now + tonumber(ARGV[1]),
  tonumber(redis.call('HGET', KEYS[1], 'paused_until')) or 0)
redis.call('HSET', KEYS[1], 'paused_until', string.format('%.6f', paused_until))
redis.call('EXPIRE', KEYS[1], 2 * 86400)
return string.format('%.6f', paused_until - now)
"""

REMAINING_SCRIPT = """
local clock = redis.call('TIME')
local day = math.floor(tonumber(clock[1]) / 86400)
local state = redis.call('HMGET', KEYS[1], 'day', 'used')
local used = 0
if tonumber(state[1]) == day then used = tonumber(state[2]) or 0 end
return math.max(0, tonumber(ARGV[1]) - used)
"""


# Requests are paced evenly, never in bursts: a bucket holding a second's worth of tokens
# would let 2 x TPS requests into one second (a full bucket, then its refill), and Amazon
# does not say how it counts a second. With one token, any one-second span sees at most
# TPS + 1 grants, and the sustained rate is unchanged.
SMOOTH_BURST = 1.0


class DailyBudgetExhausted(Exception):
    """Today's request budget is spent: stop until the UTC day turns, do not retry sooner."""

    def __init__(self, *, resets_in: float) -> None:
        super().__init__(f"daily Creators API budget exhausted; resets in {resets_in:.0f} s")
        self.resets_in = resets_in


class Quota(Protocol):
    """What callers of the Creators API need from a request quota."""

    def try_acquire(self) -> float: ...

    def acquire(self, *, timeout: float) -> bool: ...

    def penalise(self, *, retry_after: float) -> None: ...

    def remaining_today(self) -> int: ...


class RequestQuota:
    """A token bucket in Redis shared by every process: `tps` per second and `tpd` per UTC day."""

    def __init__(
        self, redis: Redis, *, tps: float, tpd: int, key_prefix: str = "creatorsapi:quota"
    ) -> None:
        _check_limits(tps=tps, tpd=tpd)
        self.tps = float(tps)
        self.tpd = int(tpd)
        self.burst = SMOOTH_BURST
        self.key = f"{key_prefix}:bucket"
        self._acquire = redis.register_script(ACQUIRE_SCRIPT)
        self._penalise = redis.register_script(PENALISE_SCRIPT)
        self._remaining = redis.register_script(REMAINING_SCRIPT)

    def try_acquire(self) -> float:
        """Take a token if one is free: 0.0 when granted, else the seconds to wait."""
        status, value = self._acquire(keys=[self.key], args=[self.tps, self.burst, self.tpd])
        status = status.decode() if isinstance(status, bytes) else status
        if status == "exhausted":
            raise DailyBudgetExhausted(resets_in=float(value))
        return float(value) if status == "wait" else 0.0

    def acquire(self, *, timeout: float) -> bool:
        """Block until a token is granted (True) or waiting would pass `timeout` (False)."""
        return _acquire_within(self, timeout=timeout)

    def penalise(self, *, retry_after: float) -> None:
        """Pause every process for `retry_after` seconds, as a 429's Retry-After asks."""
        paused_for = float(self._penalise(keys=[self.key], args=[max(0.0, retry_after)]))
        logger.warning("Creators API throttled: all workers pause for %.1f s", paused_for)

    def remaining_today(self) -> int:
        """Requests left in today's (UTC) budget."""
        return int(self._remaining(keys=[self.key], args=[self.tpd]))


class ProcessRequestQuota:
    """The same bucket held in this process only, for setups without Redis (one process)."""

    def __init__(self, *, tps: float, tpd: int) -> None:
        _check_limits(tps=tps, tpd=tpd)
        self.tps = float(tps)
        self.tpd = int(tpd)
        self.burst = SMOOTH_BURST
        self._lock = threading.Lock()
        self._tokens = self.burst
        self._stamp = time.monotonic()
        self._paused_until = 0.0
        self._day = _utc_day()
        self._used = 0

    def try_acquire(self) -> float:
        """Take a token if one is free: 0.0 when granted, else the seconds to wait."""
        with self._lock:
            self._roll_day()
            if self._used >= self.tpd:
                raise DailyBudgetExhausted(
                    resets_in=(self._day + 1) * SECONDS_PER_DAY - time.time()
                )
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.tps)
            self._stamp = now
            if self._paused_until > now:
                return self._paused_until - now
            if self._tokens < 1:
                return (1 - self._tokens) / self.tps
            self._tokens -= 1
            self._used += 1
            return 0.0

    def acquire(self, *, timeout: float) -> bool:
        """Block until a token is granted (True) or waiting would pass `timeout` (False)."""
        return _acquire_within(self, timeout=timeout)

    def penalise(self, *, retry_after: float) -> None:
        """Pause this process for `retry_after` seconds, as a 429's Retry-After asks."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + max(0.0, retry_after))
        logger.warning("Creators API throttled: pausing for %.1f s", retry_after)

    def remaining_today(self) -> int:
        """Requests left in today's (UTC) budget."""
        with self._lock:
            self._roll_day()
            return max(0, self.tpd - self._used)

    def _roll_day(self) -> None:
        today = _utc_day()
        if today != self._day:
            self._day, self._used = today, 0


def request_quota(region: str) -> Quota:
    """The quota of a region's credential (Amazon counts requests per credential): shared
    through REDIS_URL, else this process's own."""
    tps, tpd = region_limits(region)
    return _quota(redis_url=settings.REDIS_URL, region=region, tps=tps, tpd=tpd)


@lru_cache(maxsize=16)
def _quota(*, redis_url: str, region: str, tps: float, tpd: int) -> Quota:
    """One quota object per process, region and settings, so a process-local bucket is
    really shared."""
    if not redis_url:
        logger.warning("REDIS_URL is not set: the Creators API quota holds for this process only")
        return ProcessRequestQuota(tps=tps, tpd=tpd)
    return RequestQuota(
        Redis.from_url(redis_url), tps=tps, tpd=tpd, key_prefix=f"creatorsapi:quota:{region}"
    )


def _acquire_within(quota: Quota, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        wait = quota.try_acquire()
        if wait <= 0:
            return True
        if time.monotonic() + wait > deadline:
            return False
        time.sleep(wait)


def _check_limits(*, tps: float, tpd: int) -> None:
    if not (math.isfinite(tps) and tps > 0) or tpd < 1:
        raise ValueError(f"the request quota needs tps > 0 and tpd >= 1 (got {tps}, {tpd})")


def _utc_day() -> int:
    return int(time.time() // SECONDS_PER_DAY)

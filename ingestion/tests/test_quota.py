"""The shared request quota, against the real Redis: rate, daily budget and 429 pauses."""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest
from django.conf import settings
from redis import Redis

from ingestion.quota import (
    SMOOTH_BURST,
    DailyBudgetExhausted,
    ProcessRequestQuota,
    Quota,
    RequestQuota,
)

# Child processes connect on their own, to the same server the tests use.
REDIS_URL = settings.REDIS_URL

# Grant times are read on the client after the script answers; this covers the round trip.
CLOCK_SLACK = 0.05


@pytest.fixture
def key_prefix(redis: Redis) -> Iterator[str]:
    prefix = f"test:quota:{uuid.uuid4().hex}"
    yield prefix
    keys = list(redis.scan_iter(match=f"{prefix}:*"))
    if keys:
        redis.delete(*keys)


def grant_times(quota: Quota, *, threads: int, start_at: float, run_for: float) -> list[float]:
    """Compete for tokens from several threads; the wall-clock time of every grant."""
    grants: list[float] = []
    lock = threading.Lock()
    end = start_at + run_for

    def compete() -> None:
        time.sleep(max(0.0, start_at - time.time()))
        while (left := end - time.time()) > 0:
            if quota.acquire(timeout=left):
                granted_at = time.time()
                if granted_at <= end:
                    with lock:
                        grants.append(granted_at)

    workers = [threading.Thread(target=compete) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return grants


def compete_in_process(
    key_prefix: str, tps: float, run_for: float, ready: Barrier, results: Queue[list[float]]
) -> None:
    """Run in a separate process: its own connection, quota and threads, started together."""
    quota = RequestQuota(Redis.from_url(REDIS_URL), tps=tps, tpd=100_000, key_prefix=key_prefix)
    ready.wait()
    results.put(grant_times(quota, threads=3, start_at=time.time(), run_for=run_for))


def penalise_in_process(args: tuple[str, float]) -> None:
    key_prefix, retry_after = args
    quota = RequestQuota(Redis.from_url(REDIS_URL), tps=1, tpd=100, key_prefix=key_prefix)
    quota.penalise(retry_after=retry_after)


def busiest_window(grants: list[float], *, length: float) -> int:
    """The most grants in any window of `length` seconds."""
    ordered = sorted(grants)
    return max(
        (
            sum(1 for other in ordered[index:] if other - first < length)
            for index, first in enumerate(ordered)
        ),
        default=0,
    )


def assert_rate_held(grants: list[float], *, tps: float, run_for: float) -> None:
    burst = SMOOTH_BURST
    # A token bucket grants at most burst + tps * T in any T seconds ...
    assert len(grants) <= burst + tps * (run_for + CLOCK_SLACK)
    assert busiest_window(grants, length=1.0) <= burst + tps * (1.0 + CLOCK_SLACK)
    assert busiest_window(grants, length=0.5) <= burst + tps * (0.5 + CLOCK_SLACK)
    # ... and, with workers always waiting, nearly that many.
    assert len(grants) >= tps * run_for - 1


def test_rate_holds_across_threads(redis: Redis, key_prefix: str) -> None:
    tps, run_for = 5.0, 2.0
    quota = RequestQuota(redis, tps=tps, tpd=100_000, key_prefix=key_prefix)

    grants = grant_times(quota, threads=6, start_at=time.time(), run_for=run_for)

    assert_rate_held(grants, tps=tps, run_for=run_for)


def test_rate_holds_across_processes_and_threads(key_prefix: str) -> None:
    tps, run_for, processes = 4.0, 2.0, 4
    # GIVEN four processes with three threads each, all ready before any competes
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes + 1)
    results: Queue[list[float]] = context.Queue()
    workers = [
        context.Process(target=compete_in_process, args=(key_prefix, tps, run_for, ready, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=60)
    per_process = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join()

    grants = [granted for process_grants in per_process for granted in process_grants]

    # THEN together they stay inside one bucket, which a per-process limit would not
    assert_rate_held(grants, tps=tps, run_for=run_for)
    assert sum(1 for process_grants in per_process if process_grants) >= 2


def test_fractional_rate(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=0.5, tpd=100, key_prefix=key_prefix)

    assert quota.try_acquire() == 0.0
    wait = quota.try_acquire()

    assert 1.9 < wait <= 2.0


def test_daily_budget_stops_grants(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=1000, tpd=5, key_prefix=key_prefix)
    assert quota.remaining_today() == 5

    granted = [quota.acquire(timeout=1.0) for _ in range(5)]

    assert granted == [True] * 5
    assert quota.remaining_today() == 0
    with pytest.raises(DailyBudgetExhausted) as exhausted:
        quota.acquire(timeout=1.0)
    assert 0 < exhausted.value.resets_in <= 86400
    with pytest.raises(DailyBudgetExhausted):
        quota.try_acquire()


def test_daily_budget_is_shared(redis: Redis, key_prefix: str) -> None:
    first = RequestQuota(redis, tps=1000, tpd=3, key_prefix=key_prefix)
    second = RequestQuota(Redis.from_url(REDIS_URL), tps=1000, tpd=3, key_prefix=key_prefix)

    assert first.acquire(timeout=1.0)
    assert second.acquire(timeout=1.0)
    assert first.acquire(timeout=1.0)

    assert second.remaining_today() == 0
    with pytest.raises(DailyBudgetExhausted):
        second.try_acquire()


def test_penalise_from_another_process_delays_everyone(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=100, tpd=1000, key_prefix=key_prefix)
    assert quota.try_acquire() == 0.0

    context = multiprocessing.get_context("spawn")
    process = context.Process(target=penalise_in_process, args=((key_prefix, 1.0),))
    process.start()
    process.join()
    assert process.exitcode == 0

    assert 0.5 < quota.try_acquire() <= 1.0
    started = time.monotonic()
    assert quota.acquire(timeout=3.0)
    assert time.monotonic() - started > 0.3


def test_penalise_never_shortens_a_pause(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=100, tpd=1000, key_prefix=key_prefix)

    quota.penalise(retry_after=5.0)
    quota.penalise(retry_after=0.1)

    assert 4.0 < quota.try_acquire() <= 5.0


def test_acquire_gives_up_when_the_wait_passes_the_timeout(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=1, tpd=100, key_prefix=key_prefix)
    assert quota.acquire(timeout=0.1)

    started = time.monotonic()
    assert not quota.acquire(timeout=0.2)
    assert time.monotonic() - started < 0.15


def test_waiting_is_not_counted_against_the_budget(redis: Redis, key_prefix: str) -> None:
    quota = RequestQuota(redis, tps=1, tpd=10, key_prefix=key_prefix)

    assert quota.try_acquire() == 0.0
    assert quota.try_acquire() > 0
    assert quota.try_acquire() > 0

    assert quota.remaining_today() == 9


@pytest.mark.parametrize(("tps", "tpd"), [(0, 10), (-1, 10), (float("nan"), 10), (1, 0)])
def test_limits_must_be_positive(tps: float, tpd: int) -> None:
    with pytest.raises(ValueError, match="tps > 0"):
        ProcessRequestQuota(tps=tps, tpd=tpd)


def test_process_quota_holds_the_rate_across_threads() -> None:
    tps, run_for = 5.0, 2.0
    quota = ProcessRequestQuota(tps=tps, tpd=100_000)

    grants = grant_times(quota, threads=6, start_at=time.time(), run_for=run_for)

    assert_rate_held(grants, tps=tps, run_for=run_for)


def test_process_quota_daily_budget_and_penalty() -> None:
    quota = ProcessRequestQuota(tps=1000, tpd=2)

    quota.penalise(retry_after=0.3)
    assert 0.2 < quota.try_acquire() <= 0.3
    assert quota.acquire(timeout=1.0)
    assert quota.acquire(timeout=1.0)

    assert quota.remaining_today() == 0
    with pytest.raises(DailyBudgetExhausted):
        quota.try_acquire()

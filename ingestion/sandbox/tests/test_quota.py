"""The sandbox's quota: a per-second bucket and a per-day count per credential."""

from __future__ import annotations

from ingestion.sandbox.quota import Quota, Refusal

MIDNIGHT = 1_800_057_600.0  # a UTC midnight


def test_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    quota = Quota()

    def admit(now: float) -> Refusal | None:
        return quota.admit("a", now=now, tps=2, tpd=0, burst=2)

    assert admit(MIDNIGHT) is None
    assert admit(MIDNIGHT) is None
    refusal = admit(MIDNIGHT)
    assert refusal is not None
    assert (refusal.quota_code, refusal.retry_after) == ("RequestsPerSecond", 1)
    assert admit(MIDNIGHT + 0.5) is None


def test_daily_count_resets_at_utc_midnight_and_says_how_long_to_wait() -> None:
    quota = Quota()

    def admit(now: float) -> Refusal | None:
        return quota.admit("a", now=now, tps=0, tpd=2, burst=1)

    assert admit(MIDNIGHT + 10) is None
    assert admit(MIDNIGHT + 20) is None
    refusal = admit(MIDNIGHT + 86_400 - 100)
    assert refusal is not None
    assert (refusal.quota_code, refusal.retry_after) == ("RequestsPerDay", 100)
    assert admit(MIDNIGHT + 86_400) is None


def test_credentials_are_metered_apart_and_refusals_are_not_counted() -> None:
    quota = Quota()

    def admit(credential: str) -> Refusal | None:
        return quota.admit(credential, now=MIDNIGHT, tps=0, tpd=1, burst=1)

    assert admit("a") is None
    assert admit("a") is not None
    assert admit("a") is not None
    assert admit("b") is None
    quota.reset()
    assert admit("a") is None

"""Prices and stock drift by time period, deterministically; money is shown per store."""

from __future__ import annotations

from ingestion.sandbox.catalogue import Catalogue
from ingestion.sandbox.money import display_amount, local_amount
from ingestion.sandbox.offers import listing

HOUR = 3600.0
NOW = 1_800_000_000.0


def listings_at(catalogue: Catalogue, now: float, marketplace: str = "US") -> list[dict | None]:
    return [
        listing(catalogue.product(i), marketplace, seed=1, now=now, drift_period=HOUR)
        for i in range(1, 400)
    ]


def amounts(listings: list[dict | None]) -> list[float | None]:
    return [
        entry["price"]["money"]["amount"] if entry and "price" in entry else None
        for entry in listings
    ]


def test_prices_hold_within_a_period_and_drift_across_periods() -> None:
    catalogue = Catalogue(seed=1, size=1_000)
    period_start = NOW - NOW % HOUR

    early = amounts(listings_at(catalogue, period_start + 1))
    late = amounts(listings_at(catalogue, period_start + HOUR - 1))
    next_period = amounts(listings_at(catalogue, period_start + HOUR + 1))

    assert early == late
    changed = sum(a != b for a, b in zip(early, next_period, strict=True) if a and b)
    assert 0.2 < changed / len([a for a in early if a]) < 0.8


def test_availability_changes_now_and_then() -> None:
    catalogue = Catalogue(seed=1, size=1_000)

    def stock(now: float) -> list[str | None]:
        return [e["availability"]["type"] if e else None for e in listings_at(catalogue, now)]

    periods = [stock(NOW + n * HOUR) for n in range(6)]
    changed = sum(a != b for a, b in zip(periods[0], periods[5], strict=True))
    assert 0 < changed < 150
    assert "OUT_OF_STOCK" in periods[0] and "IN_STOCK" in periods[0]


def test_listings_carry_savings_deals_and_merchants() -> None:
    catalogue = Catalogue(seed=1, size=1_000)
    entries = [e for e in listings_at(catalogue, NOW) if e]

    with_savings = [e for e in entries if "savings" in e.get("price", {})]
    assert with_savings
    saving = with_savings[0]["price"]
    assert saving["savingBasis"]["money"]["amount"] > saving["money"]["amount"]
    assert 0 < saving["savings"]["percentage"] < 100
    assert any(e.get("type") == "LIGHTNING_DEAL" and e["dealDetails"]["endTime"] for e in entries)
    assert all(e["merchantInfo"]["name"] for e in entries)


def test_money_is_written_the_way_each_store_writes_it() -> None:
    assert display_amount(1234.5, "US") == "$1,234.50"
    assert display_amount(1234.5, "UK") == "£1,234.50"
    assert display_amount(1234.5, "DE") == "1.234,50 €"
    assert display_amount(1234, "JP") == "￥1,234"
    assert local_amount(10.0, "US") == 10.99
    assert isinstance(local_amount(10.0, "JP"), int)

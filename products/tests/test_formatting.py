"""Prices, numbers and dates in each store's convention, from CLDR."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from products import formatting
from products.locales import store_language, store_language_tag, store_locale

NBSP = "\N{NO-BREAK SPACE}"
NNBSP = "\N{NARROW NO-BREAK SPACE}"
AT = datetime(2026, 12, 2, 15, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("store", "currency", "expected"),
    [
        ("US", "USD", "$1,220.99"),
        ("UK", "GBP", "£1,220.99"),
        ("DE", "EUR", f"1.220,99{NBSP}€"),
        ("FR", "EUR", f"1{NNBSP}220,99{NBSP}€"),
        ("IT", "EUR", f"1.220,99{NBSP}€"),
        ("JP", "JPY", "￥1,221"),
    ],
)
def test_a_price_is_written_as_its_store_writes_it(
    store: str, currency: str, expected: str
) -> None:
    assert formatting.price(Decimal("1220.99"), currency, store_locale(store)) == expected


def test_a_round_figure_drops_the_minor_units() -> None:
    assert formatting.whole_price(Decimal(25), "EUR", store_locale("DE")) == f"25{NBSP}€"
    assert formatting.whole_price(Decimal(200), "GBP", store_locale("UK")) == "£200"


def test_percentages_numbers_and_dates_follow_the_store() -> None:
    germany, britain = store_locale("DE"), store_locale("UK")

    assert formatting.percent(43, germany) == f"43{NBSP}%"
    assert formatting.percent(43, britain) == "43%"
    assert formatting.number(12345, germany) == "12.345"
    assert formatting.day(AT, germany) == "02.12.2026"
    assert formatting.day(AT, britain) == "2 Dec 2026"
    assert formatting.moment(AT, germany) == "02.12.2026, 15:05 UTC"
    assert formatting.moment(AT, britain) == "2 Dec 2026, 15:05 UTC"


def test_a_moment_is_shown_in_utc_whatever_zone_it_carries() -> None:
    in_berlin = AT.astimezone(ZoneInfo("Europe/Berlin"))

    assert formatting.moment(in_berlin, store_locale("UK")) == "2 Dec 2026, 15:05 UTC"


def test_a_short_moment_drops_the_date_on_its_day_and_the_year_on_others() -> None:
    next_day = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    assert formatting.short_moment(AT, store_locale("UK"), now=AT) == "15:05 UTC"
    assert (
        formatting.short_moment(AT, store_locale("US"), now=next_day) == "Dec 2, 3:05\u202fPM UTC"
    )
    assert formatting.short_moment(AT, store_locale("DE"), now=next_day) == "2. Dez., 15:05 UTC"


@pytest.mark.parametrize(
    ("store", "language", "tag"),
    [
        ("US", "en", "en-US"),
        ("UK", "en", "en-GB"),
        ("DE", "de", "de-DE"),
        ("FR", "fr", "fr-FR"),
        ("IT", "it", "it-IT"),
        ("ES", "es", "es-ES"),
        ("MX", "es", "es-MX"),
        # No Dutch catalogue ships: English text, Dutch numbers.
        ("NL", "en", "en"),
    ],
)
def test_each_store_has_a_shipped_language(store: str, language: str, tag: str) -> None:
    assert (store_language(store), store_language_tag(store)) == (language, tag)

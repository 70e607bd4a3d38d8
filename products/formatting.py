"""Prices, numbers and dates as each store's visitors write them, from CLDR data (Babel).

The one place the storefront and its emails turn a number into text; JSON-LD and the API
keep machine values.
"""

from __future__ import annotations

import copy
from datetime import UTC
from datetime import date as Date
from datetime import datetime as DateTime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal, format_percent, parse_pattern

Number = Decimal | int | float


def price(amount: Number, currency: str, locale: Locale) -> str:
    """1.234,56 € in de-DE, £1,234.56 in en-GB."""
    return format_currency(amount, currency, locale=locale)


def whole_price(amount: Number, currency: str, locale: Locale) -> str:
    """A price with no minor units, for round figures such as price bands: 25 €."""
    pattern = copy.copy(parse_pattern(locale.currency_formats["standard"].pattern))
    pattern.frac_prec = (0, 0)
    return pattern.apply(amount, locale, currency=currency, currency_digits=False)


def number(value: Number, locale: Locale) -> str:
    """12.345 in de-DE, 12 345 in fr-FR."""
    return format_decimal(value, locale=locale)


def percent(whole_percent: Number, locale: Locale) -> str:
    """A percentage given in whole percent (43): 43 % in de-DE, 43% in en-GB."""
    return format_percent(Decimal(whole_percent) / 100, locale=locale)


def day(value: Date | DateTime, locale: Locale) -> str:
    """The medium date: 2 Dec 2026 in en-GB, 02.12.2026 in de-DE."""
    if isinstance(value, DateTime):
        value = value.astimezone(UTC).date()
    return format_date(value, "medium", locale=locale)


def moment(value: DateTime, locale: Locale) -> str:
    """Date and time in UTC, the zone named as the locale names it: 02.12.2026, 03:20 UTC."""
    in_utc = value.astimezone(UTC)
    return locale.datetime_formats["medium"].format(
        _time(in_utc, locale), format_date(in_utc, "medium", locale=locale)
    )


def short_moment(value: DateTime, locale: Locale, *, now: DateTime) -> str:
    """A time that fits one short line on a card: 03:20 UTC on the day, else 2. Dez., 03:20 UTC."""
    in_utc = value.astimezone(UTC)
    if in_utc.date() == now.astimezone(UTC).date():
        return _time(in_utc, locale)
    return locale.datetime_formats["medium"].format(
        _time(in_utc, locale), format_skeleton("MMMd", in_utc, locale=locale)
    )


def _time(in_utc: DateTime, locale: Locale) -> str:
    return (
        f"{format_time(in_utc, 'short', locale=locale)} {format_time(in_utc, 'zzz', locale=locale)}"
    )

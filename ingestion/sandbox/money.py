"""Prices in each store's currency, written the way that store writes them."""

from __future__ import annotations

import math
from typing import Any

from products.marketplaces import MARKETPLACES

# Rough, fixed conversion from the catalogue's USD base prices; synthetic, not market rates.
_USD_RATES = {
    "USD": 1.0, "CAD": 1.37, "MXN": 18.0, "BRL": 5.4, "GBP": 0.79, "EUR": 0.92, "SEK": 10.5,
    "PLN": 3.9, "TRY": 34.0, "AED": 3.67, "SAR": 3.75, "EGP": 48.0, "INR": 84.0, "JPY": 150.0,
    "AUD": 1.5, "SGD": 1.34,
}  # fmt: skip
_SYMBOLS = {
    "USD": "$", "CAD": "$", "MXN": "$", "BRL": "R$", "GBP": "£", "EUR": "€", "SEK": "kr",
    "PLN": "zł", "TRY": "TL", "AED": "AED", "SAR": "SAR", "EGP": "EGP", "INR": "₹", "JPY": "￥",
    "AUD": "$", "SGD": "S$",
}  # fmt: skip
_WHOLE_UNIT_CURRENCIES = {"JPY"}
# Languages whose stores write 1.234,56 rather than 1,234.56, with the symbol after.
_COMMA_DECIMAL_LANGUAGES = {"de", "fr", "it", "es", "nl", "sv", "pl", "tr", "pt"}


def local_amount(usd: float, marketplace: str) -> float | int:
    """A USD base price in the store's currency, ending in .99 like a shelf price."""
    currency = MARKETPLACES[marketplace].currency
    value = usd * _USD_RATES[currency]
    if currency in _WHOLE_UNIT_CURRENCIES:
        return max(1, round(value))
    return round(max(math.floor(value), 0) + 0.99, 2)


def money(amount: float, marketplace: str) -> dict[str, Any]:
    """A Money object: amount, ISO currency and the display string."""
    return {
        "amount": amount,
        "currency": MARKETPLACES[marketplace].currency,
        "displayAmount": display_amount(amount, marketplace),
    }


def smallest_unit(amount: float, marketplace: str) -> int:
    """The amount in the currency's smallest unit, as minPrice / maxPrice are given."""
    currency = MARKETPLACES[marketplace].currency
    return round(amount if currency in _WHOLE_UNIT_CURRENCIES else amount * 100)


def display_amount(amount: float, marketplace: str) -> str:
    """`$1,234.56`, `1.234,56 €` or `￥1,235`, by the store's currency and language."""
    store = MARKETPLACES[marketplace]
    decimals = 0 if store.currency in _WHOLE_UNIT_CURRENCIES else 2
    text = f"{amount:,.{decimals}f}"
    symbol = _SYMBOLS[store.currency]
    if store.language.split("-")[0] in _COMMA_DECIMAL_LANGUAGES:
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{text} {symbol}"
    return f"{symbol}{text}"

"""OffersV2 listings whose price and stock drift with time, the same for everyone at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ingestion.sandbox.catalogue import Product
from ingestion.sandbox.draws import fraction
from ingestion.sandbox.money import local_amount, money

# Share of products whose price differs from the base price in a given drift period, and
# how far it may move; about half the prices differ between two consecutive periods.
_MOVED_SHARE = 0.35
_MOVE_RANGE = (0.85, 1.15)
_STOCK_CHANGE_SHARE = 0.1
_DEAL_SHARE = 0.05
_DEAL_DISCOUNT = 0.8
_AVAILABILITIES = (
    # (type, message, cumulative share)
    ("IN_STOCK", "In Stock", 0.85),
    ("IN_STOCK_SCARCE", "Only 3 left in stock - order soon.", 0.92),
    ("LEADTIME", "Usually dispatched within 1 to 2 months.", 0.95),
    ("OUT_OF_STOCK", "Currently unavailable.", 1.0),
)
_BASIS_LABELS = {"LIST_PRICE": "List Price:", "WAS_PRICE": "Was:"}


def drift_bucket(now: float, drift_period: float) -> int:
    """The drift period `now` falls in; prices hold still within one."""
    return int(now // drift_period)


def listing(
    product: Product, marketplace: str, *, seed: int, now: float, drift_period: float
) -> dict[str, Any] | None:
    """The buy-box listing of `product` at time `now`, or None when it has no offers."""
    if not product.has_offers:
        return None
    bucket = drift_bucket(now, drift_period)
    key = (seed, product.asin, marketplace)
    stock_type, stock_message = _availability(key, bucket)
    entry: dict[str, Any] = {
        "availability": {
            "type": stock_type,
            "message": stock_message,
            "minOrderQuantity": 1,
            "maxOrderQuantity": 10,
        },
        "condition": {"value": "New"},
        "isBuyBoxWinner": True,
        "merchantInfo": {"name": product.merchant_name, "id": product.merchant_id},
        "violatesMAP": False,
    }
    if stock_type == "OUT_OF_STOCK":
        # Amazon shows no price for what cannot be bought.
        return entry

    usd = product.base_price_usd
    if fraction(*key, bucket, "moved") < _MOVED_SHARE:
        low, high = _MOVE_RANGE
        usd *= low + (high - low) * fraction(*key, bucket, "move")
    regular = local_amount(usd, marketplace)
    price: dict[str, Any] = {}
    basis: tuple[str, float | int] | None = None
    if product.saving_basis is not None:
        basis_type, factor = product.saving_basis
        basis = (basis_type, local_amount(product.base_price_usd * factor, marketplace))
    amount = regular
    if fraction(*key, bucket, "deal") < _DEAL_SHARE:
        amount = local_amount(usd * _DEAL_DISCOUNT, marketplace)
        basis = basis if basis and basis[1] > amount else ("WAS_PRICE", regular)
        entry["type"] = "LIGHTNING_DEAL"
        entry["dealDetails"] = _deal(key, bucket, drift_period)
    price["money"] = money(amount, marketplace)
    if basis is not None and basis[1] > amount:
        basis_type, basis_amount = basis
        saved = round(basis_amount - amount, 2)
        price["savingBasis"] = {
            "money": money(basis_amount, marketplace),
            "savingBasisType": basis_type,
            "savingBasisTypeLabel": _BASIS_LABELS[basis_type],
        }
        price["savings"] = {
            "money": money(saved, marketplace),
            "percentage": round(100 * saved / basis_amount),
        }
    entry["price"] = price
    if marketplace == "JP":
        entry["loyaltyPoints"] = {"points": int(amount) // 100}
    return entry


def _availability(key: tuple[object, ...], bucket: int) -> tuple[str, str]:
    """A product's usual stock state, changed in about one drift period in ten."""
    draw = fraction(*key, "stock")
    if fraction(*key, bucket, "stock-changed") < _STOCK_CHANGE_SHARE:
        draw = fraction(*key, bucket, "stock")
    for kind, message, share in _AVAILABILITIES:
        if draw < share:
            return kind, message
    return _AVAILABILITIES[-1][:2]


def _deal(key: tuple[object, ...], bucket: int, drift_period: float) -> dict[str, Any]:
    """A lightning deal lasting the current drift period."""
    start = datetime.fromtimestamp(bucket * drift_period, UTC)
    end = datetime.fromtimestamp((bucket + 1) * drift_period, UTC)
    return {
        "accessType": "ALL",
        "badge": "Lightning Deal",
        "startTime": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endTime": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "percentClaimed": int(fraction(*key, bucket, "claimed") * 100),
    }

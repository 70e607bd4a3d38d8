"""The price-history chart, drawn on the server as SVG: no script, no chart library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from products.models import PriceObservation

WIDTH, HEIGHT, PAD = 640, 200, 24


@dataclass(frozen=True)
class PriceChart:
    points: str
    lowest: Decimal
    highest: Decimal
    first: datetime
    last: datetime
    currency: str
    width: int = WIDTH
    height: int = HEIGHT


def price_chart(observations: list[PriceObservation]) -> PriceChart | None:
    """A step line through the observed prices up to now; None when no price was observed."""
    priced = [(o.observed_at, o.amount) for o in observations if o.amount is not None]
    if not priced:
        return None
    start, end = priced[0][0], max(timezone.now(), priced[-1][0])
    lowest = min(amount for _, amount in priced)
    highest = max(amount for _, amount in priced)
    span = (end - start).total_seconds() or 1.0
    spread = float(highest - lowest) or 1.0

    def x(moment: datetime) -> float:
        return PAD + (WIDTH - 2 * PAD) * (moment - start).total_seconds() / span

    def y(amount: Decimal) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(amount - lowest) / spread

    coordinates: list[tuple[float, float]] = []
    for moment, amount in priced:
        if coordinates:
            coordinates.append((x(moment), coordinates[-1][1]))
        coordinates.append((x(moment), y(amount)))
    coordinates.append((x(end), coordinates[-1][1]))
    return PriceChart(
        points=" ".join(f"{px:.1f},{py:.1f}" for px, py in coordinates),
        lowest=lowest,
        highest=highest,
        first=start,
        last=end,
        currency=next(o.currency for o in reversed(observations) if o.amount is not None),
    )

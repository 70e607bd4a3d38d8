"""Placeholder product pictures: a small SVG per ASIN, so pages show something offline."""

from __future__ import annotations

from html import escape

from ingestion.sandbox.draws import fraction

MAX_WIDTH = 2000


def product_svg(asin: str, *, variant: int, width: int) -> bytes:
    """A square picture in a colour of the ASIN, labelled as a sandbox image."""
    width = max(16, min(width, MAX_WIDTH))
    hue = int(fraction(asin, variant, "hue") * 360)
    label = escape(asin)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{width}" '
        f'viewBox="0 0 100 100" role="img" aria-label="Sandbox image {label}">'
        f'<rect width="100" height="100" fill="hsl({hue},55%,75%)"/>'
        f'<circle cx="50" cy="42" r="{18 + variant * 4}" fill="hsl({hue},45%,45%)"/>'
        f'<text x="50" y="80" font-family="sans-serif" font-size="9" text-anchor="middle" '
        f'fill="#222">SANDBOX</text>'
        f'<text x="50" y="91" font-family="monospace" font-size="7" text-anchor="middle" '
        f'fill="#222">{label}</text></svg>'
    ).encode()

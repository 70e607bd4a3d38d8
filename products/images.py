"""Choosing which of Amazon's image sizes to show; images stay on Amazon's servers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WEB_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class Image:
    url: str
    width: int | None
    height: int | None


def _pick(sizes: Any, preferred: tuple[str, ...]) -> Image | None:
    if not isinstance(sizes, dict):
        return None
    for size in preferred:
        found = sizes.get(size)
        # Only web addresses: an image URL ends up in a src attribute.
        if isinstance(found, dict) and str(found.get("url", "")).startswith(WEB_SCHEMES):
            return Image(
                url=str(found["url"]),
                width=_dimension(found.get("width")),
                height=_dimension(found.get("height")),
            )
    return None


def _dimension(value: Any) -> int | None:
    return value if isinstance(value, int) and 0 < value < 10_000 else None


CARD_SIZES = ("medium", "large", "small")
PAGE_SIZES = ("large", "hiRes", "medium", "small")
THUMB_SIZES = ("small", "medium")


def card_image(images: Any) -> Image | None:
    return _pick(images.get("primary") if isinstance(images, dict) else None, CARD_SIZES)


def gallery(images: Any) -> list[tuple[Image, Image]]:
    """(large, thumbnail) for the primary image and every variant, in Amazon's order."""
    if not isinstance(images, dict):
        return []
    variants = images.get("variants")
    sources = [images.get("primary"), *(variants if isinstance(variants, list) else [])]
    pairs = []
    for sizes in sources:
        large, thumb = _pick(sizes, PAGE_SIZES), _pick(sizes, THUMB_SIZES)
        if large:
            pairs.append((large, thumb or large))
    return pairs

"""Seeded randomness: the same parts always give the same draws, on every run and machine."""

from __future__ import annotations

import hashlib
import random


def rng(*parts: object) -> random.Random:
    """A generator seeded by `parts`; string seeds are hashed with SHA-512, not `hash()`."""
    # Reproducible synthetic data is the point here, so a seeded, non-secret generator.
    return random.Random(":".join(str(part) for part in parts))  # noqa: S311


def fraction(*parts: object) -> float:
    """One draw in [0, 1) for `parts`, cheaper than a generator when one number is enough."""
    digest = hashlib.blake2b(":".join(str(part) for part in parts).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") / 2**64

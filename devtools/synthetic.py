"""A deterministic synthetic catalogue, for benchmarks of search, load and ingestion.

Product number n always gives the same record (bar the fetch time), whatever the batch
size, so building the same size twice adds nothing. The text has the skew real catalogues
have: one word in about 85 % of titles (COMMON_TERMS), words in 1-5 % of them
(MEDIUM_TERMS), and words in at most 0.01 % (RARE_TERMS); benchmarks import these lists
to choose their queries. Everything is plainly labelled as a sample.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from products.marketplaces import MARKETPLACES
from products.records import Availability, CategoryRecord, ProductRecord

ASIN_PREFIX = "SX"

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]

# "sample" leads about 85 % of titles; the others lead with "demo".
COMMON_TERMS = ("sample",)
_COMMON_SHARE = 0.85

# Each adjective's share of titles, spread evenly from 1 % to 5 %.
_ADJECTIVES = (
    "compact",
    "portable",
    "wireless",
    "stainless",
    "bamboo",
    "vintage",
    "foldable",
    "cordless",
    "waterproof",
    "ergonomic",
    "magnetic",
    "rechargeable",
    "adjustable",
    "insulated",
    "ceramic",
    "organic",
    "modular",
    "reversible",
    "lightweight",
    "heavyweight",
)
_ADJECTIVE_SHARES = tuple(0.01 + 0.04 * k / (len(_ADJECTIVES) - 1) for k in range(len(_ADJECTIVES)))

_DEPARTMENTS = ("Kitchen", "Garden", "Office", "Toys", "Sports", "Audio", "Tools", "Pets")
_GROUPS = ("Essentials", "Accessories", "Storage", "Care", "Sets", "Parts")
# One noun per (group, leaf) position, shared by every department: each is in 1/36 of titles.
_NOUNS = (
    "kettle",
    "lantern",
    "blanket",
    "backpack",
    "speaker",
    "notebook",
    "bottle",
    "helmet",
    "cushion",
    "basket",
    "wrench",
    "planter",
    "toaster",
    "headphone",
    "stapler",
    "puzzle",
    "leash",
    "skillet",
    "umbrella",
    "drill",
    "thermos",
    "easel",
    "hammock",
    "tripod",
    "whistle",
    "sprinkler",
    "ladle",
    "clipboard",
    "kite",
    "pillow",
    "router",
    "shovel",
    "grinder",
    "harness",
    "timer",
    "trowel",
)
_LEAVES_PER_GROUP = len(_NOUNS) // len(_GROUPS)

MEDIUM_TERMS = _ADJECTIVES + _NOUNS

# 400 made-up words ending in x (so none is an English word); a title has one 1 % of the
# time, so each is in about 0.0025 % of titles.
RARE_TERMS = tuple(
    "".join(_SYLLABLES[(code // len(_SYLLABLES) ** i) % len(_SYLLABLES)] for i in range(3)) + "x"
    for code in random.Random(1).sample(range(len(_SYLLABLES) ** 3), 400)  # noqa: S311
)
_RARE_SHARE = 0.01

BRANDS = tuple(
    (
        _SYLLABLES[code // len(_SYLLABLES)]
        + _SYLLABLES[code % len(_SYLLABLES)]
        + ("on", "a", "el", "ia", "um")[code % 5]
    ).capitalize()
    for code in random.Random(2).sample(range(len(_SYLLABLES) ** 2), 150)  # noqa: S311
)

_FEATURES = (
    "Built for everyday use over {n} years of testing",
    "Easy to clean with warm water and a soft cloth",
    "Includes a {n}-month limited warranty",
    "Weighs only {n} ounces",
    "Available in {n} colours",
    "Fits in most drawers and cupboards",
    "Assembled in under {n} minutes without tools",
    "A sample product, generated for testing this catalogue",
)

# Availability and its share of products.
_AVAILABILITY = (
    (Availability.IN_STOCK, 0.80),
    (Availability.LIMITED, 0.07),
    (Availability.OUT_OF_STOCK, 0.06),
    (Availability.PREORDER, 0.03),
    (Availability.BACKORDER, 0.02),
    (Availability.UNKNOWN, 0.02),
)
_PRICED = {Availability.IN_STOCK, Availability.LIMITED, Availability.PREORDER}


@dataclass(frozen=True)
class _Leaf:
    category: CategoryRecord
    noun: str


def _tree() -> tuple[_Leaf, ...]:
    leaves = []
    for d, department in enumerate(_DEPARTMENTS):
        root_id = str(7_100_000 + d * 10_000)
        for g, group in enumerate(_GROUPS):
            group_id = str(int(root_id) + (g + 1) * 100)
            for position in range(_LEAVES_PER_GROUP):
                noun = _NOUNS[g * _LEAVES_PER_GROUP + position]
                category = CategoryRecord(
                    node_id=str(int(group_id) + position + 1),
                    name=f"{noun.capitalize()}s",
                    ancestors=((group_id, f"{department} {group}"), (root_id, department)),
                )
                leaves.append(_Leaf(category, noun))
    return tuple(leaves)


LEAVES = _tree()
CATEGORY_NODES = len(_DEPARTMENTS) * (1 + len(_GROUPS) * (1 + _LEAVES_PER_GROUP))


def _display(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"${amount}" if currency == "USD" else f"{amount} {currency}"


def sample_asin(number: int) -> str:
    return f"{ASIN_PREFIX}{number:08d}"


def sample_record(
    number: int, *, marketplace: str, fetched_at: datetime, partner_tag: str
) -> ProductRecord:
    """Product `number` of the synthetic catalogue, fetched at the given time."""
    draw = random.Random(number)  # noqa: S311 (sample data, not security)
    asin = sample_asin(number)
    leaf = LEAVES[draw.randrange(len(LEAVES))]
    # Squaring skews the brands: the first few are in several percent of products.
    brand = BRANDS[int(len(BRANDS) * draw.random() ** 2)]
    words = ["Sample" if draw.random() < _COMMON_SHARE else "Demo", brand]
    words += [
        adjective
        for adjective, share in zip(_ADJECTIVES, _ADJECTIVE_SHARES, strict=True)
        if draw.random() < share
    ]
    words.append(leaf.noun)
    if draw.random() < _RARE_SHARE:
        words.append(RARE_TERMS[draw.randrange(len(RARE_TERMS))])
    words.append(f"S{number % 9973:04d}")
    availability = draw.choices(
        [a for a, _ in _AVAILABILITY], weights=[w for _, w in _AVAILABILITY]
    )[0]
    store = MARKETPLACES[marketplace]
    amount = savings_basis = None
    if availability in _PRICED:
        amount = Decimal(f"{int(5 * 100 ** draw.random())}.99")
        if draw.random() < 0.2:
            savings_basis = (amount * Decimal("1.25")).quantize(Decimal("0.01"))
    return ProductRecord(
        marketplace=marketplace,
        asin=asin,
        fetched_at=fetched_at,
        title=" ".join(words),
        brand=brand,
        manufacturer=f"{brand} Sample Works",
        features=tuple(
            template.format(n=draw.randrange(2, 12))
            for template in draw.sample(_FEATURES, draw.randrange(2, 6))
        ),
        detail_page_url=f"https://{store.host}/dp/{asin}?tag={partner_tag}",
        price_amount=amount,
        price_currency=store.currency if amount is not None else "",
        price_display=_display(amount, store.currency),
        savings_basis_amount=savings_basis,
        savings_amount=savings_basis - amount if savings_basis and amount else None,
        savings_percent=20 if savings_basis else None,
        availability=availability,
        merchant_name="Sample Store",
        condition="New",
        sales_rank=draw.randrange(1, 500_000),
        categories=(leaf.category,),
    )

"""The synthetic catalogue: ASINs derived from an index, and each product computed on demand."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cached_property

from ingestion.sandbox import taxonomy
from ingestion.sandbox.draws import fraction, rng
from ingestion.sandbox.taxonomy import BrowseNode

ASIN_PATTERN = re.compile(r"^[A-Z0-9]{10}$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PREFIX = "B0"
_SPACE = 36**8
# Coprime with 36, so index -> ASIN is a bijection on the 8-character suffix space and
# neighbouring indexes give unrelated-looking ASINs.
_STRIDE = 1_000_000_007
_INVERSE = pow(_STRIDE, -1, _SPACE)

# Every block of this many indexes starts with a variation parent followed by its children.
FAMILY_BLOCK = 50
# Share of blocks a marketplace other than the US does not carry, as real stores differ.
_UNCARRIED_SHARE = 0.05
# Amazon's first store carries everything, so catalogue ASINs listed for it always resolve.
HOME_MARKETPLACE = "US"
# Share of products with customer reviews, and the most ratings one product gathers.
_REVIEWED_SHARE = 0.8
_MAX_RATINGS = 50_000
_MERCHANTS = ("Sandbox Outlet", "Demo Traders", "Example Goods Co", "Placeholder Supply")


class AsinKind(Enum):
    """What getItems makes of a requested item id."""

    FOUND = "found"
    NOT_ACCESSIBLE = "not_accessible"
    NOT_FOUND = "not_found"
    INVALID = "invalid"


@dataclass(frozen=True)
class Product:
    """Marketplace-independent facts of one synthetic product."""

    index: int
    asin: str
    node: BrowseNode
    brand: str
    manufacturer: str
    title: str
    model: str
    colour: str
    size: str
    features: tuple[str, ...]
    release_date: str
    ean: str
    unit_count: int
    image_count: int
    sales_rank: int
    merchant_name: str
    merchant_id: str
    base_price_usd: float
    # LIST_PRICE or WAS_PRICE and how far above the price the basis sits; None: no savings.
    saving_basis: tuple[str, float] | None
    has_offers: bool
    # (weighted star rating, number of ratings); None: no reviews yet.
    reviews: tuple[float, int] | None
    parent_asin: str | None
    is_parent: bool


@dataclass(frozen=True)
class _Identity:
    """What a variation family shares: where it is filed and what it is called."""

    node: BrowseNode
    brand: str
    adjective: str
    noun: str
    model: str
    base_price_usd: float

    @property
    def title(self) -> str:
        # "Sandbox" in every title keeps the products plainly synthetic.
        return f"Sandbox {self.brand} {self.adjective} {self.noun} {self.model}"


class Catalogue:
    """A deterministic catalogue of `size` products for a seed; nothing is stored up front."""

    def __init__(self, *, seed: int, size: int) -> None:
        self.seed = seed
        self.size = size
        self._offset = int(fraction(seed, "asin-offset") * _SPACE)

    def asin(self, index: int) -> str:
        """The ASIN at `index` (any index >= 0, in the catalogue or not)."""
        number = (index * _STRIDE + self._offset) % _SPACE
        suffix = ""
        for _ in range(8):
            number, digit = divmod(number, 36)
            suffix = _ALPHABET[digit] + suffix
        return _PREFIX + suffix

    def index_of(self, asin: str) -> int | None:
        """The catalogue index of a well-formed ASIN, or None when it is not one of ours."""
        if not asin.startswith(_PREFIX) or not ASIN_PATTERN.match(asin):
            return None
        number = int(asin[2:], 36)
        index = ((number - self._offset) * _INVERSE) % _SPACE
        return index if index < self.size else None

    @property
    def restricted_range(self) -> range:
        """Indexes just past the catalogue whose ASINs answer ItemNotAccessible."""
        return range(self.size, self.size + max(1, self.size // 100))

    def classify(self, asin: str, marketplace: str) -> AsinKind:
        """Whether getItems can return `asin` in `marketplace`, and if not, why."""
        if not ASIN_PATTERN.match(asin):
            return AsinKind.INVALID
        number = int(asin[2:], 36) if asin.startswith(_PREFIX) else None
        if number is None:
            return AsinKind.NOT_FOUND
        index = ((number - self._offset) * _INVERSE) % _SPACE
        if index in self.restricted_range:
            return AsinKind.NOT_ACCESSIBLE
        if index < self.size and self.carries(index, marketplace):
            return AsinKind.FOUND
        return AsinKind.NOT_FOUND

    def carries(self, index: int, marketplace: str) -> bool:
        """Whether `marketplace` sells the product at `index` (whole families together)."""
        if marketplace == HOME_MARKETPLACE:
            return True
        return fraction(self.seed, index // FAMILY_BLOCK, marketplace) >= _UNCARRIED_SHARE

    def asins(
        self, marketplace: str = HOME_MARKETPLACE, *, start: int = 0, stop: int | None = None
    ) -> Iterator[str]:
        """The ASINs `marketplace` carries, in index order, among indexes [start, stop)."""
        end = self.size if stop is None else min(stop, self.size)
        for index in range(start, end):
            if self.carries(index, marketplace):
                yield self.asin(index)

    def is_parent(self, index: int) -> bool:
        """Whether `index` is a variation parent (which has no offers of its own)."""
        return index % FAMILY_BLOCK == 0 and self.children(index) != []

    def children(self, parent: int) -> list[int]:
        """The child indexes of the parent at `parent`; empty for anything else."""
        if parent % FAMILY_BLOCK:
            return []
        count = 2 + int(fraction(self.seed, parent, "family") * 5)
        return [i for i in range(parent + 1, parent + 1 + count) if i < self.size]

    def parent_of(self, index: int) -> int | None:
        """The parent index of a variation child, else None."""
        parent = index - index % FAMILY_BLOCK
        return parent if index in self.children(parent) else None

    def product(self, index: int) -> Product:
        """Every marketplace-independent fact of the product at `index`."""
        parent = self.parent_of(index)
        identity = self._identity(parent if parent is not None else index)
        draw = rng(self.seed, index, "details")
        colour = draw.choice(taxonomy.COLOURS)
        size = draw.choice(taxonomy.SIZES)
        if parent is not None:
            # Siblings step through colours, then sizes, so no two look the same.
            family = rng(self.seed, parent, "family-look")
            position = index - parent
            colour_count = len(taxonomy.COLOURS)
            colour = taxonomy.COLOURS[(family.randrange(colour_count) + position) % colour_count]
            size_step = position // colour_count
            size = taxonomy.SIZES[
                (family.randrange(len(taxonomy.SIZES)) + size_step) % len(taxonomy.SIZES)
            ]
        unit_count = draw.choice((1, 1, 1, 2, 4))
        title = identity.title
        if parent is not None:
            title = f"{title}, {colour}, {size}"
        is_parent = self.is_parent(index)
        features = (
            f"Synthetic {identity.noun.lower()} from the sandbox catalogue, not a real product",
            f"{identity.adjective} design in {colour.lower()}",
            f"Model {identity.model}; {unit_count} per pack",
        ) + (("Demo warranty: 2 years",) if draw.random() < 0.5 else ())
        base_price = identity.base_price_usd * (draw.uniform(0.9, 1.1) if parent else 1.0)
        saving_basis = None
        if draw.random() < 0.3:
            basis_type = draw.choice(("LIST_PRICE", "WAS_PRICE"))
            saving_basis = (basis_type, draw.uniform(1.1, 1.6))
        merchant_id = "A" + "".join(draw.choice(_ALPHABET[10:] + _ALPHABET[:10]) for _ in range(13))
        return Product(
            index=index,
            asin=self.asin(index),
            node=identity.node,
            brand=identity.brand,
            manufacturer=f"{identity.brand} Manufacturing (Demo)",
            title=title,
            model=identity.model,
            colour=colour,
            size=size,
            features=features,
            release_date=(date(2015, 1, 1) + timedelta(days=draw.randrange(3650))).isoformat(),
            ean=_ean13(draw.randrange(10**11, 10**12)),
            unit_count=unit_count,
            image_count=1 + draw.randrange(4),
            sales_rank=1 + draw.randrange(250_000),
            merchant_name=draw.choice(_MERCHANTS),
            merchant_id=merchant_id,
            base_price_usd=base_price,
            saving_basis=saving_basis,
            has_offers=not is_parent and draw.random() >= 0.05,
            reviews=self._reviews(index),
            parent_asin=self.asin(parent) if parent is not None else None,
            is_parent=is_parent,
        )

    def _reviews(self, index: int) -> tuple[float, int] | None:
        """Its own draws, so adding reviews left every other product fact as it was."""
        draw = rng(self.seed, index, "reviews")
        if draw.random() >= _REVIEWED_SHARE:
            return None
        count = max(1, int(math.exp(draw.uniform(0, math.log(_MAX_RATINGS)))))
        return round(draw.triangular(2.5, 5.0, 4.5), 1), count

    def _identity(self, index: int) -> _Identity:
        draw = rng(self.seed, index, "identity")
        node = draw.choice(taxonomy.leaves())
        noun = draw.choice(node.nouns)
        unicode_brand = draw.random() < 0.05
        brand = draw.choice(taxonomy.UNICODE_BRANDS if unicode_brand else taxonomy.BRANDS)
        adjective = draw.choice(taxonomy.ADJECTIVES)
        initials = "".join(word[0] for word in noun.split()).upper()
        model = f"{initials}-{1000 + draw.randrange(9000)}"
        price = math.exp(draw.uniform(math.log(4), math.log(400)))
        return _Identity(node, brand, adjective, noun, model, price)

    @cached_property
    def search_index(self) -> SearchIndex:
        """Postings for searchItems, built on the first search (about 2 s per 50,000)."""
        postings = SearchIndex({}, {}, {})
        node_words: dict[str, tuple[set[str], list[str]]] = {}
        for leaf in taxonomy.leaves():
            nodes = [leaf, *taxonomy.ancestors(leaf)]
            words = set(tokenize(" ".join([leaf.search_index] + [n.name for n in nodes])))
            node_words[leaf.id] = (words, [n.id for n in nodes])
        for i in range(self.size):
            if self.is_parent(i):
                continue
            parent = self.parent_of(i)
            identity = self._identity(parent if parent is not None else i)
            words, node_ids = node_words[identity.node.id]
            for word in words.union(tokenize(identity.title)):
                postings.words.setdefault(word, []).append(i)
            postings.brands.setdefault(identity.brand.casefold(), []).append(i)
            for node_id in node_ids:
                postings.nodes.setdefault(node_id, []).append(i)
        return postings


@dataclass(frozen=True)
class SearchIndex:
    """Buyable product indexes by lower-cased word, by brand and by browse node id."""

    words: dict[str, list[int]]
    brands: dict[str, list[int]]
    nodes: dict[str, list[int]]


def tokenize(text: str) -> list[str]:
    """Lower-cased words, the unit keyword search matches on."""
    return re.findall(r"\w+", text.casefold())


def _ean13(body: int) -> str:
    """A 13-digit EAN with a correct check digit, from a 12-digit body."""
    digits = f"{body:012d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)

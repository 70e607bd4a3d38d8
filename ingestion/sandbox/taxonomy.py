"""The synthetic browse-node tree and the words item titles are made of."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class BrowseNode:
    """A node of the category tree; leaves carry the nouns of the items filed under them."""

    id: str
    name: str
    search_index: str
    parent_id: str | None
    nouns: tuple[str, ...] = ()


# (search index, root name, ((branch name, ((leaf name, nouns), ...)), ...))
_TREE: tuple[
    tuple[str, str, tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]], ...
] = (
    (
        "Electronics",
        "Electronics",
        (
            ("Audio", (("Headphones", ("Headphones", "Earbuds")), ("Speakers", ("Speaker",)))),
            (
                "Computer Accessories",
                (("Keyboards", ("Keyboard",)), ("Mice", ("Mouse",)), ("Webcams", ("Webcam",))),
            ),
            (
                "Power",
                (("Chargers", ("USB Charger", "Car Charger")), ("Power Banks", ("Power Bank",))),
            ),
        ),
    ),
    (
        "HomeAndKitchen",
        "Home & Kitchen",
        (
            ("Kitchen", (("Kettles", ("Kettle",)), ("Knives", ("Knife Set", "Chef Knife")))),
            ("Lighting", (("Desk Lamps", ("Desk Lamp",)), ("Fairy Lights", ("String Lights",)))),
            ("Storage", (("Boxes", ("Storage Box",)), ("Shelves", ("Wall Shelf",)))),
        ),
    ),
    (
        "ToysAndGames",
        "Toys & Games",
        (
            ("Puzzles", (("Jigsaws", ("Jigsaw Puzzle",)), ("Brain Teasers", ("Puzzle Cube",)))),
            ("Building Toys", (("Construction Sets", ("Building Set", "Marble Run")),)),
            ("Soft Toys", (("Plush Animals", ("Plush Bear", "Plush Fox")),)),
        ),
    ),
    (
        "SportsAndOutdoors",
        "Sports & Outdoors",
        (
            ("Fitness", (("Yoga", ("Yoga Mat", "Yoga Block")), ("Weights", ("Dumbbell Set",)))),
            ("Camping", (("Tents", ("Dome Tent",)), ("Camp Kitchen", ("Camping Stove",)))),
            ("Cycling", (("Bike Lights", ("Bike Light",)), ("Bottles", ("Water Bottle",)))),
        ),
    ),
    (
        "OfficeProducts",
        "Office Products",
        (
            ("Paper", (("Notebooks", ("Notebook", "Planner")),)),
            ("Writing", (("Pens", ("Gel Pen Set", "Fountain Pen")),)),
            ("Desk Supplies", (("Staplers", ("Stapler",)), ("Organisers", ("Desk Organiser",)))),
        ),
    ),
    (
        "PetSupplies",
        "Pet Supplies",
        (
            ("Dogs", (("Dog Beds", ("Dog Bed",)), ("Dog Toys", ("Rope Toy", "Squeaky Ball")))),
            ("Cats", (("Cat Trees", ("Cat Tree",)), ("Cat Toys", ("Feather Wand",)))),
        ),
    ),
)

# Node ids are numeric strings like Amazon's, built from the node's place in the tree.
_ROOT_BASE = 9_100_000


@cache
def all_nodes() -> dict[str, BrowseNode]:
    """Every node by id."""
    nodes: dict[str, BrowseNode] = {}
    for r, (index_name, root_name, branches) in enumerate(_TREE):
        root_id = str(_ROOT_BASE + r * 10_000)
        nodes[root_id] = BrowseNode(root_id, root_name, index_name, None)
        for b, (branch_name, leaves) in enumerate(branches):
            branch_id = str(int(root_id) + (b + 1) * 100)
            nodes[branch_id] = BrowseNode(branch_id, branch_name, index_name, root_id)
            for li, (leaf_name, nouns) in enumerate(leaves):
                leaf_id = str(int(branch_id) + li + 1)
                nodes[leaf_id] = BrowseNode(leaf_id, leaf_name, index_name, branch_id, nouns)
    return nodes


@cache
def leaves() -> tuple[BrowseNode, ...]:
    """The nodes items are filed under."""
    return tuple(node for node in all_nodes().values() if node.nouns)


def ancestors(node: BrowseNode) -> list[BrowseNode]:
    """The node's parents, nearest first."""
    chain = []
    nodes = all_nodes()
    while node.parent_id is not None:
        node = nodes[node.parent_id]
        chain.append(node)
    return chain


def children(node: BrowseNode) -> list[BrowseNode]:
    """The node's direct children."""
    return [child for child in all_nodes().values() if child.parent_id == node.id]


def search_indexes() -> set[str]:
    """The values searchItems accepts for `searchIndex`, besides `All`."""
    return {node.search_index for node in all_nodes().values()}


BRANDS = (
    "Brightleaf", "Corvid", "Dunmore", "Everpine", "Foxglove", "Harbor & Hill", "Ironbark",
    "Juniper Row", "Kestrel", "Larkspur", "Meridian", "Northwind", "Oakhaven", "Pebblestone",
    "Quillon", "Redfern", "Saltmarsh", "Tidewater", "Umberline", "Willowmere", "Yarrow",
    "Zephyr Labs",
)  # fmt: skip

# Some titles carry non-ASCII text so that storage, search and pages are tested with it.
UNICODE_BRANDS = ("Crème Atelier", "Søndergaard", "Ñandú Works", "東京デモ", "Müller & Söhne")

ADJECTIVES = (
    "Compact", "Deluxe", "Eco", "Pro", "Ultra", "Classic", "Portable", "Smart", "Mini",
    "Heavy-Duty", "Wireless", "Ergonomic", "Foldable", "Premium",
)  # fmt: skip

COLOURS = ("Black", "White", "Slate Grey", "Forest Green", "Navy", "Coral", "Mustard", "Lilac")
SIZES = ("XS", "S", "M", "L", "XL", "One Size", "Pack of 2", "Pack of 4")

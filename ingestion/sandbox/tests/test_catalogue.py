"""The synthetic catalogue is deterministic, enumerable and plainly synthetic."""

from __future__ import annotations

import pytest

from ingestion.sandbox.catalogue import ASIN_PATTERN, AsinKind, Catalogue


def test_same_seed_gives_the_same_products() -> None:
    first, second = Catalogue(seed=7, size=500), Catalogue(seed=7, size=500)

    assert [first.product(i) for i in range(0, 500, 37)] == [
        second.product(i) for i in range(0, 500, 37)
    ]


def test_another_seed_gives_other_asins_and_titles() -> None:
    first, second = Catalogue(seed=7, size=500), Catalogue(seed=8, size=500)

    assert first.asin(3) != second.asin(3)
    titles = [first.product(i).title for i in range(1, 40)]
    assert titles != [second.product(i).title for i in range(1, 40)]


def test_asins_are_well_formed_and_map_back_to_their_index() -> None:
    catalogue = Catalogue(seed=1, size=50_000)

    for index in (0, 1, 2, 49_999):
        asin = catalogue.asin(index)
        assert ASIN_PATTERN.match(asin) and asin.startswith("B0")
        assert catalogue.index_of(asin) == index
    assert catalogue.index_of(catalogue.asin(50_000)) is None
    assert len({catalogue.asin(i) for i in range(5_000)}) == 5_000


def test_classify_tells_found_restricted_unknown_and_invalid() -> None:
    catalogue = Catalogue(seed=1, size=1_000)

    assert catalogue.classify(catalogue.asin(5), "US") is AsinKind.FOUND
    restricted = catalogue.asin(catalogue.restricted_range.start)
    assert catalogue.classify(restricted, "US") is AsinKind.NOT_ACCESSIBLE
    assert catalogue.classify(catalogue.asin(5_000), "US") is AsinKind.NOT_FOUND
    assert catalogue.classify("0123456789", "US") is AsinKind.NOT_FOUND
    assert catalogue.classify("B0SHORT", "US") is AsinKind.INVALID


def test_each_marketplace_lists_only_what_it_carries() -> None:
    catalogue = Catalogue(seed=1, size=5_000)

    us = list(catalogue.asins("US"))
    uk = list(catalogue.asins("UK"))

    assert len(us) == 5_000
    assert 4_000 < len(uk) < 5_000
    assert all(catalogue.classify(asin, "UK") is AsinKind.FOUND for asin in uk[:200])
    missing = next(asin for asin in us if asin not in set(uk))
    assert catalogue.classify(missing, "UK") is AsinKind.NOT_FOUND


def test_variation_families() -> None:
    catalogue = Catalogue(seed=1, size=1_000)
    parent = catalogue.product(50)
    children = [catalogue.product(i) for i in catalogue.children(50)]

    assert parent.is_parent and not parent.has_offers and parent.parent_asin is None
    assert 2 <= len(children) <= 6
    assert all(child.parent_asin == parent.asin for child in children)
    assert all(child.title.startswith(parent.title + ", ") for child in children)
    assert catalogue.parent_of(children[0].index) == 50
    assert catalogue.parent_of(49) is None


@pytest.mark.parametrize("seed", [1, 2])
def test_catalogue_has_the_variety_clients_must_handle(seed: int) -> None:
    catalogue = Catalogue(seed=seed, size=2_000)
    products = [catalogue.product(i) for i in range(catalogue.size)]

    assert all("Sandbox" in p.title for p in products)
    assert any(not p.title.isascii() for p in products)
    assert any(not p.has_offers and not p.is_parent for p in products)
    assert any(p.saving_basis is not None for p in products)
    reviews = [p.reviews for p in products if p.reviews is not None]
    assert len(reviews) < len(products), "some products have no reviews yet"
    assert all(0 <= stars <= 5 and count >= 1 for stars, count in reviews)
    assert any(count >= 1000 for _, count in reviews)
    assert len({p.node.id for p in products}) > 20
    assert len({p.brand for p in products}) > 20

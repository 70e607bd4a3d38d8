"""The synthetic catalogue and the command that builds it through product_upsert."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from devtools.synthetic import (
    CATEGORY_NODES,
    COMMON_TERMS,
    MEDIUM_TERMS,
    RARE_TERMS,
    sample_asin,
    sample_record,
)
from products.models import Category, PriceObservation, Product
from products.outbound import is_allowed_product_link

AT = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_product_number_always_gives_the_same_record() -> None:
    first = sample_record(42, marketplace="US", fetched_at=AT, partner_tag="t-20")
    again = sample_record(42, marketplace="US", fetched_at=AT, partner_tag="t-20")

    assert first == again
    assert first.asin == sample_asin(42) == "SX00000042"
    assert first.title.split()[0] in ("Sample", "Demo")
    assert first.detail_page_url == "https://www.amazon.com/dp/SX00000042?tag=t-20"
    assert is_allowed_product_link(first.detail_page_url)


def test_the_title_words_have_the_documented_shares() -> None:
    size = 20_000
    titles = Counter[str]()
    for number in range(size):
        record = sample_record(number, marketplace="US", fetched_at=AT, partner_tag="t-20")
        titles.update(set(record.title.lower().split()))

    assert 0.83 < titles[COMMON_TERMS[0]] / size < 0.87
    for term in MEDIUM_TERMS:
        assert 0.007 < titles[term] / size < 0.055, term
    assert max(titles[term] for term in RARE_TERMS) / size <= 0.0005
    assert len(set(RARE_TERMS)) == len(RARE_TERMS) == 400
    assert not set(RARE_TERMS) & set(MEDIUM_TERMS)


@pytest.mark.django_db
def test_building_twice_adds_nothing_the_second_time() -> None:
    out = StringIO()
    call_command("build_catalogue", "--size", "500", "--batch", "200", stdout=out)

    assert "500/500 products" in out.getvalue()
    assert Product.objects.filter(asin__startswith="SX").count() == 500
    assert Category.objects.count() <= CATEGORY_NODES
    assert Category.objects.filter(parent=None).count() == 8
    observations = PriceObservation.objects.count()
    before = dict(Product.objects.values_list("asin", "title"))

    again = StringIO()
    call_command("build_catalogue", "--size", "500", stdout=again)

    assert "created 0, updated 0, unchanged 500, failed 0" in again.getvalue()
    assert Product.objects.count() == 500
    assert PriceObservation.objects.count() == observations
    assert dict(Product.objects.values_list("asin", "title")) == before

"""Parsing of pasted ASINs and Amazon product URLs."""

from __future__ import annotations

import re

import pytest

from ingestion.asins import InvalidEntry, parse_entries, parse_entry, split_entries


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("B0DLFMFBJW", ("US", "B0DLFMFBJW")),
        ("  b0dlfmfbjw \n", ("US", "B0DLFMFBJW")),
        ("030640615X", ("US", "030640615X")),
        ("https://www.amazon.com/dp/B0DLFMFBJW", ("US", "B0DLFMFBJW")),
        ("https://www.amazon.com/dp/b0dlfmfbjw/", ("US", "B0DLFMFBJW")),
        ("http://amazon.com/gp/product/B0DLFMFBJW?th=1", ("US", "B0DLFMFBJW")),
        (
            "https://www.amazon.co.uk/Some-Kettle-Title-1-7L/dp/B0DLFMFBJW/ref=sr_1_3?keywords=kettle",
            ("UK", "B0DLFMFBJW"),
        ),
        ("https://www.amazon.de/-/en/dp/B0DLFMFBJW#reviews", ("DE", "B0DLFMFBJW")),
        ("https://www.amazon.co.jp/gp/aw/d/B0DLFMFBJW", ("JP", "B0DLFMFBJW")),
        ("https://www.amazon.com/dp/product/B0DLFMFBJW", ("US", "B0DLFMFBJW")),
        ("https://www.amazon.com/exec/obidos/ASIN/0316769487/", ("US", "0316769487")),
        ("https://smile.amazon.com/dp/B0DLFMFBJW", ("US", "B0DLFMFBJW")),
        ("https://m.amazon.fr/dp/B0DLFMFBJW", ("FR", "B0DLFMFBJW")),
        ("www.amazon.ca/dp/B0DLFMFBJW", ("CA", "B0DLFMFBJW")),
        ("amazon.com.au/dp/B0DLFMFBJW?psc=1", ("AU", "B0DLFMFBJW")),
        ("HTTPS://WWW.AMAZON.IT/DP/B0DLFMFBJW", ("IT", "B0DLFMFBJW")),
    ],
)
def test_valid_entries(entry: str, expected: tuple[str, str]) -> None:
    assert parse_entry(entry, default_marketplace="US") == expected


def test_bare_asin_takes_the_default_marketplace() -> None:
    assert parse_entry("B0DLFMFBJW", default_marketplace="UK") == ("UK", "B0DLFMFBJW")


def test_url_marketplace_wins_over_the_default() -> None:
    assert parse_entry("https://www.amazon.de/dp/B0DLFMFBJW", default_marketplace="US") == (
        "DE",
        "B0DLFMFBJW",
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("", "Empty entry"),
        ("   ", "Empty entry"),
        ("B0DLFMFBJ", "Not an ASIN"),
        ("B0DLFMFBJWX", "Not an ASIN"),
        ("B0DLF-MFBJ", "Not an ASIN"),
        ("hello world", "Not an ASIN"),
        ("B0DLFMFBJ€", "Not an ASIN"),
        ("x" * 3000, "Too long"),
        ("https://amzn.to/3xYzAbc", "Short links (amzn.to)"),
        ("https://a.co/d/abcdefg", "Short links (a.co)"),
        ("https://www.example.com/dp/B0DLFMFBJW", "Not an Amazon URL: www.example.com"),
        ("https://www.ebay.com/itm/1234567890", "Not an Amazon URL"),
        ("https://www.amazon.cn/dp/B0DLFMFBJW", "Unknown Amazon store: www.amazon.cn"),
        ("https://www.amazon.com/s?k=kettle", "No product in this URL"),
        ("https://www.amazon.com/dp/B0DLFMFBJWXX", "No product in this URL"),
        ("https://www.amazon.com/", "No product in this URL"),
        ("ftp://www.amazon.com/dp/B0DLFMFBJW", "Not a web address"),
        ("https:///dp/B0DLFMFBJW", "Not a web address"),
        ("https://[::1/dp/B0DLFMFBJW", "Not a valid URL"),
    ],
)
def test_invalid_entries_say_why(entry: str, message: str) -> None:
    with pytest.raises(InvalidEntry, match="^" + re.escape(message)):
        parse_entry(entry, default_marketplace="US")


def test_stores_outside_the_allowed_set_are_refused() -> None:
    with pytest.raises(InvalidEntry, match="The DE store is not one this catalogue carries"):
        parse_entry(
            "https://www.amazon.de/dp/B0DLFMFBJW",
            default_marketplace="US",
            allowed_marketplaces={"US", "UK"},
        )
    assert parse_entry(
        "B0DLFMFBJW", default_marketplace="UK", allowed_marketplaces={"US", "UK"}
    ) == ("UK", "B0DLFMFBJW")


def test_parse_entries_deduplicates_in_order_and_collects_errors() -> None:
    parsed = parse_entries(
        [
            "B0SECOND01",
            "https://www.amazon.com/dp/B0FIRST001",
            "b0second01",
            "junk",
            "https://www.amazon.co.uk/dp/B0SECOND01",
            "https://www.amazon.com/gp/product/B0SECOND01",
            "https://amzn.to/abc",
        ],
        default_marketplace="US",
    )

    assert parsed.valid == [
        ("US", "B0SECOND01"),
        ("US", "B0FIRST001"),
        ("UK", "B0SECOND01"),
    ]
    assert [entry for entry, _ in parsed.errors] == ["junk", "https://amzn.to/abc"]
    assert all(message for _, message in parsed.errors)


def test_parse_entries_of_nothing_is_empty() -> None:
    parsed = parse_entries([], default_marketplace="US")

    assert parsed.valid == []
    assert parsed.errors == []


def test_split_entries_on_newlines_commas_spaces_and_semicolons() -> None:
    blob = """
    B0AAAAAAA1, B0AAAAAAA2;B0AAAAAAA3
    https://www.amazon.com/dp/B0AAAAAAA4/ref=x?keywords=a,b,
    \tB0AAAAAAA5 ,,  ;
    """

    assert split_entries(blob) == [
        "B0AAAAAAA1",
        "B0AAAAAAA2",
        "B0AAAAAAA3",
        "https://www.amazon.com/dp/B0AAAAAAA4/ref=x?keywords=a,b",
        "B0AAAAAAA5",
    ]


@pytest.mark.parametrize("blob", ["", "   \n\t ", ",,;;"])
def test_split_entries_of_blank_text_is_empty(blob: str) -> None:
    assert split_entries(blob) == []


def test_split_then_parse_a_pasted_blob() -> None:
    parsed = parse_entries(
        split_entries("B0AAAAAAA1\nnot-an-asin https://www.amazon.es/dp/B0AAAAAAA2"),
        default_marketplace="ES",
    )

    assert parsed.valid == [("ES", "B0AAAAAAA1"), ("ES", "B0AAAAAAA2")]
    assert parsed.errors == [
        ("not-an-asin", "Not an ASIN (10 letters and digits) or an Amazon product URL.")
    ]

"""Each benchmark rewrites only its own section of the report."""

from __future__ import annotations

from pathlib import Path

from devtools.benchmark_report import write_section


def test_sections_are_appended_then_replaced_in_place(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"

    write_section("ingest", ["ratio 0.99"], report=report)
    write_section("soak", ["0 errors"], report=report)
    write_section("ingest", ["ratio 0.97"], report=report)

    text = report.read_text()
    assert text.startswith("# Benchmarks\n")
    assert "ratio 0.99" not in text and "ratio 0.97" in text
    assert text.index("ratio 0.97") < text.index("0 errors")
    assert text.count("<!-- ingest: start -->") == 1

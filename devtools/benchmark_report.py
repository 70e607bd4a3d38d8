"""docs/benchmarks.md, where each benchmark keeps its own marked section up to date."""

from __future__ import annotations

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(name: str, lines: list[str], *, report: Path = REPORT) -> None:
    """Replace the section called `name` (or append it), leaving the others as they are."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    section = "\n".join([start, *lines, end])
    text = report.read_text() if report.exists() else "# Benchmarks\n\n"
    if start in text:
        before, _, rest = text.partition(start)
        text = before + section + rest.partition(end)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    report.write_text(text)

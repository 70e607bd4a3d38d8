"""Click counts as CSV, streamed: an export of a year of rows never sits in memory whole."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from products.clicks.selectors import ExportRow

HEADER = ("day", "marketplace", "asin", "title", "collection", "clicks")

# A cell starting with one of these is run as a formula by spreadsheet programs; product
# titles come from Amazon and must stay text (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """csv.writer's file: hands back each formatted line instead of storing it."""

    def write(self, line: str) -> str:
        return line


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def clicks_csv_lines(rows: Iterable[ExportRow]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow([_cell(value if value is not None else "") for value in row])


def clicks_csv_response(rows: Iterable[ExportRow], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(clicks_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

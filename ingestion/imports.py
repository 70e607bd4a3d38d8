"""Importing ASINs and Amazon product URLs given by staff or another program."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings

from ingestion.asins import parse_entries
from ingestion.gateway import MAX_ITEMS_PER_REQUEST, CreatorsGateway
from ingestion.items import items_fetch
from ingestion.models import IngestionRun
from ingestion.runs import ingestion_run_create
from ingestion.tally import BatchTally


def import_run_create(
    entries: list[str], *, marketplace: str, description: str = ""
) -> tuple[IngestionRun | None, list[tuple[str, str]]]:
    """Queue a run for the valid entries; return it (None when none is valid) and the errors."""
    parsed = parse_entries(
        entries,
        default_marketplace=marketplace,
        allowed_marketplaces=settings.AMAZON_MARKETPLACES,
    )
    if not parsed.valid:
        return None, parsed.errors
    run = ingestion_run_create(
        kind=IngestionRun.Kind.IMPORT,
        description=description or f"Import of {len(parsed.valid)} item(s)",
        requested=[[m, asin] for m, asin in parsed.valid],
        refused=[{"entry": entry[:300], "message": message} for entry, message in parsed.errors],
    )
    return run, parsed.errors


def items_import(gateway: CreatorsGateway, *, requested: list[list[str]]) -> Iterator[BatchTally]:
    """Fetch every requested (marketplace, ASIN) in requests of 10, a tally per request."""
    per_marketplace: dict[str, list[str]] = defaultdict(list)
    for marketplace, asin in requested:
        per_marketplace[marketplace].append(asin)
    for marketplace, asins in per_marketplace.items():
        for start in range(0, len(asins), MAX_ITEMS_PER_REQUEST):
            batch = asins[start : start + MAX_ITEMS_PER_REQUEST]
            yield items_fetch(gateway, marketplace=marketplace, asins=batch, mark_gone=True)

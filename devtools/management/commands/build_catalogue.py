"""Fill the configured database with the synthetic catalogue, through the ingestion write path.

Products 0 to size-1 of `devtools.synthetic`; running it again with the same size creates
nothing and only re-dates the prices (so they show as fresh again).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from devtools.synthetic import sample_record
from products.marketplaces import MARKETPLACES
from products.services import product_upsert


class Command(BaseCommand):
    help = "Build a deterministic synthetic catalogue of --size products through product_upsert."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, required=True, help="products in the catalogue")
        parser.add_argument("--batch", type=int, default=10_000, help="products per upsert")
        parser.add_argument("--marketplace", default="US", choices=sorted(MARKETPLACES))

    def handle(self, *args: Any, **options: Any) -> None:
        size, batch, marketplace = options["size"], options["batch"], options["marketplace"]
        if size < 0 or batch < 1:
            raise CommandError("--size must be 0 or more and --batch at least 1")
        partner_tag = settings.AMAZON_PARTNER_TAGS.get(marketplace) or "sample-20"
        fetched_at = timezone.now()
        totals = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        started = time.perf_counter()
        for start in range(0, size, batch):
            records = [
                sample_record(
                    number, marketplace=marketplace, fetched_at=fetched_at, partner_tag=partner_tag
                )
                for number in range(start, min(start + batch, size))
            ]
            result = product_upsert(records)
            for name in ("created", "updated", "unchanged", "failed"):
                totals[name] += len(getattr(result, name))
            done = start + len(records)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{done}/{size} products, {done / elapsed:.0f}/s "
                f"(created {totals['created']}, updated {totals['updated']}, "
                f"unchanged {totals['unchanged']}, failed {totals['failed']})"
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Catalogue of {size} sample products in {marketplace} built in {elapsed:.1f} s "
            f"({size / elapsed if elapsed else 0:.0f}/s): created {totals['created']}, "
            f"updated {totals['updated']}, unchanged {totals['unchanged']}, "
            f"failed {totals['failed']}."
        )
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} sample products were refused")

"""Benchmark: products written per second by product_upsert, on PostgreSQL.

Runs on its own database (the configured one's name + _bench_upsert, created afresh and
dropped at the end) with synthetic products carrying images: one batch of new products,
then one mixed batch (the same products changed, as many new ones), then that batch again
a little later (re-dated only). The database's own floor, COPY of the same rows straight
into the table with its search column and indexes, is measured alongside as the yardstick.
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from psycopg import sql

from devtools.benchmark_report import write_section
from devtools.databases import database_create, database_drop, postgres_server_url
from devtools.synthetic import sample_record
from products.models import PriceObservation, Product
from products.records import ImageRecord, ProductRecord
from products.services import UpsertResult, product_upsert

TARGET = 5_000
MARKETPLACE = "US"


def _image(asin: str, variant: int) -> ImageRecord:
    return ImageRecord(
        sizes={
            size: {
                "url": f"https://m.media-amazon.com/images/I/{asin}-{variant}.{size}.jpg",
                "width": width,
                "height": width,
            }
            for size, width in (("small", 75), ("medium", 160), ("large", 500))
        }
    )


class Command(BaseCommand):
    help = "Measure products per second written by product_upsert for a mixed batch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, default=100_000, help="products in the batch")
        parser.add_argument("--no-report", action="store_true", help="do not write docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        items = options["items"]
        if items < 2:
            raise CommandError("--items must be at least 2")
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("the upsert benchmark runs on PostgreSQL: set DATABASE_URL")
        server = postgres_server_url(database)
        configured = database["NAME"]
        name = f"{configured}_bench_upsert"
        load = os.getloadavg()[0]
        database_create(server, name, afresh=True)
        connection.close()
        database["NAME"] = name
        try:
            call_command("migrate", verbosity=0)
            figures = self._measure(items)
        finally:
            connection.close()
            database["NAME"] = configured
            database_drop(server, name)
        figures["load"] = load
        self.stdout.write(self._text(figures))
        if not options["no_report"]:
            self._report(figures)

    def _records(self, numbers: range, at: Any) -> list[ProductRecord]:
        records = []
        for number in numbers:
            record = sample_record(
                number, marketplace=MARKETPLACE, fetched_at=at, partner_tag="bench-20"
            )
            records.append(
                replace(
                    record,
                    primary_image=_image(record.asin, 0),
                    variant_images=(_image(record.asin, 1),),
                    raw={"ASIN": record.asin, "source": "synthetic"},
                )
            )
        return records

    def _changed(self, record: ProductRecord, at: Any) -> ProductRecord:
        """A later fetch with a new title and, where there is one, a price a dollar lower."""
        price = record.price_amount
        return replace(
            record,
            fetched_at=at,
            title=record.title + " (2nd edition)",
            price_amount=price - Decimal(1) if price and price > 1 else price,
        )

    def _timed(self, records: list[ProductRecord]) -> tuple[float, UpsertResult]:
        started = time.perf_counter()
        result = product_upsert(records)
        return time.perf_counter() - started, result

    def _measure(self, items: int) -> dict[str, Any]:
        half = items // 2
        now = timezone.now()
        first = self._records(range(half), now - timedelta(hours=2))
        create_seconds, created = self._timed(first)
        self.stdout.write(f"{half} new products in {create_seconds:.1f} s")
        later = now - timedelta(hours=1)
        mixed = [self._changed(r, later) for r in first] + self._records(range(half, items), later)
        mixed_seconds, mixed_result = self._timed(mixed)
        self.stdout.write(f"{items} mixed in {mixed_seconds:.1f} s")
        redated = [replace(r, fetched_at=now) for r in mixed]
        redate_seconds, redate_result = self._timed(redated)
        self.stdout.write(f"{items} re-dated in {redate_seconds:.1f} s")
        if (
            len(created.created) != half
            or (len(mixed_result.updated), len(mixed_result.created)) != (half, items - half)
            or len(redate_result.unchanged) != items
            or Product.objects.count() != items
        ):
            raise CommandError("the upsert wrote something other than the batch asked")
        observations = PriceObservation.objects.count()
        floor_seconds = self._copy_floor(self._records(range(items, 2 * items), now))
        return {
            "items": items,
            "half": half,
            "create_rate": half / create_seconds,
            "mixed_seconds": mixed_seconds,
            "mixed_rate": items / mixed_seconds,
            "redate_rate": items / redate_seconds,
            "floor_rate": items / floor_seconds,
            "observations": observations,
        }

    def _copy_floor(self, records: list[ProductRecord]) -> float:
        """Seconds for PostgreSQL to take the rows by COPY, every value prepared beforehand."""
        fields = [f for f in Product._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        rows = []
        for r in records:
            product = Product(
                marketplace=r.marketplace,
                asin=r.asin,
                title=r.title,
                brand=r.brand,
                manufacturer=r.manufacturer,
                features=list(r.features),
                images={
                    "primary": r.primary_image.sizes if r.primary_image else {},
                    "variants": [image.sizes for image in r.variant_images],
                },
                detail_page_url=r.detail_page_url,
                price_amount=r.price_amount,
                price_currency=r.price_currency,
                price_display=r.price_display,
                availability=r.availability,
                merchant_name=r.merchant_name,
                condition=r.condition,
                sales_rank=r.sales_rank,
                fetched_at=r.fetched_at,
                price_as_of=r.fetched_at,
                content_hash=r.content_hash,
                raw=r.raw,
                created_at=now,
                updated_at=now,
            )
            rows.append(
                [f.get_db_prep_save(getattr(product, f.attname), connection) for f in fields]
            )
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(Product._meta.db_table),
            sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
        )
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started

    def _text(self, f: dict[str, Any]) -> str:
        verdict = "pass" if f["mixed_rate"] >= TARGET else "miss"
        return (
            f"product_upsert: {f['items']} mixed ({f['half']} changed, {f['items'] - f['half']} "
            f"new) in {f['mixed_seconds']:.1f} s, {f['mixed_rate']:,.0f}/s; new only "
            f"{f['create_rate']:,.0f}/s; re-dated only {f['redate_rate']:,.0f}/s. "
            f"PostgreSQL COPY floor {f['floor_rate']:,.0f}/s "
            f"(ratio {f['mixed_rate'] / f['floor_rate']:.2f}).\n"
            f"target >={TARGET:,}/s: {verdict}"
        )

    def _report(self, f: dict[str, Any]) -> None:
        write_section(
            "upsert benchmark",
            [
                "## Ingestion: bulk upsert into the catalogue",
                "",
                f"Measured {timezone.now():%Y-%m-%d} by `manage.py bench_upsert` on "
                f"{platform.machine()} ({_cores()} cores, load average {f['load']:.1f} at the "
                f"start), Python {platform.python_version()}, "
                "PostgreSQL on loopback, on a database of its own: product_upsert given "
                f"{f['half']:,} new synthetic products with images in one call, then one call "
                f"of {f['items']:,} (those products changed, with a new title and a lower "
                "price, and as many new ones), then that call again an hour later (nothing "
                "changed, so only re-dated). The floor is PostgreSQL taking the same number "
                "of rows by COPY straight into the table (search column and indexes "
                "included), the text prepared beforehand.",
                "",
                "| batch | mixed /s | new only /s | re-dated /s | COPY floor /s | "
                "mixed / floor | target | result |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
                f"| {f['items']:,} | {f['mixed_rate']:,.0f} | {f['create_rate']:,.0f} | "
                f"{f['redate_rate']:,.0f} | {f['floor_rate']:,.0f} | "
                f"{f['mixed_rate'] / f['floor_rate']:.2f} | {TARGET:,}/s | "
                f"{'pass' if f['mixed_rate'] >= TARGET else 'miss'} |",
            ],
        )


def _cores() -> int:
    return len(os.sched_getaffinity(0))

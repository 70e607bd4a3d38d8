"""Counting a click: one statement, atomic under any number of concurrent beacons."""

from __future__ import annotations

from datetime import date

from django.db import connection

from products.clicks.models import DailyClicks


def click_record(*, product_id: int, collection_id: int | None, day: date) -> None:
    """Add one to the product's count for the day (and collection), creating the row if new.

    INSERT ... ON CONFLICT DO UPDATE takes the row lock inside the database, so concurrent
    clicks never read-modify-write a stale count; the same statement runs on PostgreSQL and
    SQLite (3.24+). The conflict target repeats the predicate of the partial unique index.
    """
    table = connection.ops.quote_name(DailyClicks._meta.db_table)
    if collection_id is None:
        target = "(product_id, day) WHERE collection_id IS NULL"
    else:
        target = "(product_id, collection_id, day) WHERE collection_id IS NOT NULL"
    sql = (
        f"INSERT INTO {table} (product_id, collection_id, day, count) "  # noqa: S608
        f"VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT {target} DO UPDATE SET count = {table}.count + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [product_id, collection_id, day])

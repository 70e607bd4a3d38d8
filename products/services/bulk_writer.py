"""Writing many product rows at once: COPY and a staging table on PostgreSQL, bulk_create
elsewhere (SQLite, the embedded default)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Field, Model
from django.db.models.expressions import RawSQL

from products.models import Product
from products.services.ingested_fields import INGESTED_FIELDS, JSON_FIELDS

# (asin, the values of INGESTED_FIELDS in order)
Row = tuple[str, tuple[Any, ...]]


def column_among(column: str, values: list[Any]) -> RawSQL:
    """The column holds one of the values, passed as one parameter.

    `column__in` gives a placeholder per value; for a batch of 100,000 Django and the
    database spend far longer on those than on the rows.
    """
    # The column is one of ours; the values go as a parameter.
    if connection.vendor == "postgresql":
        sql = f"{_quoted(column)} = ANY(%s)"
        return RawSQL(sql, [values], output_field=BooleanField())  # noqa: S611
    sql = f"{_quoted(column)} IN (SELECT value FROM json_each(%s))"  # noqa: S608
    return RawSQL(sql, [json.dumps(values)], output_field=BooleanField())  # noqa: S611


def products_write(
    marketplace: str, rows: list[Row], now: datetime, existing: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Insert or update the rows (`existing` holds the stored ones by ASIN); return the ids of
    the rows written by ASIN. A product already holding a newer fetch is left as it is."""
    if connection.vendor == "postgresql":
        return products_copy(marketplace, rows, now, existing)
    return _products_bulk_create(marketplace, rows)


def _concrete(name: str, model: type[Model] = Product) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


_INGESTED_ATTNAMES = [_concrete(name).attname for name in INGESTED_FIELDS]
_JSON_POSITIONS = [i for i, name in enumerate(INGESTED_FIELDS) if name in JSON_FIELDS]


def _products_bulk_create(marketplace: str, rows: list[Row]) -> dict[str, int]:
    Product.objects.bulk_create(
        [
            Product(
                marketplace=marketplace,
                asin=asin,
                **dict(zip(_INGESTED_ATTNAMES, values, strict=True)),
            )
            for asin, values in rows
        ],
        update_conflicts=True,
        unique_fields=["marketplace", "asin"],
        update_fields=INGESTED_FIELDS,
    )
    return dict(
        Product.objects.filter(
            marketplace=marketplace, asin__in=[asin for asin, _ in rows]
        ).values_list("asin", "id")
    )


_INGESTED_COLUMNS = [_concrete(name).column for name in INGESTED_FIELDS]
_WRITTEN_COLUMNS = ["marketplace", "asin", *_INGESTED_COLUMNS]
# Curation fields get their defaults on insert and are never updated.
_UNTOUCHED_FIELDS = [
    f
    for f in Product._meta.concrete_fields
    if f.column not in _WRITTEN_COLUMNS and not f.primary_key and f.name != "created_at"
]


def products_copy(
    marketplace: str, rows: list[Row], now: datetime, existing: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Write the rows by COPY: Django's bulk_create spends most of its time building a model
    instance and SQL parameters per row; COPY hands PostgreSQL the rows as text."""
    new = [row for row in rows if row[0] not in existing]
    ids: dict[str, int] = {}
    if new:
        try:
            with transaction.atomic():
                ids.update(_copy_new_products(marketplace, new, now))
        except IntegrityError:
            # Another writer created some of these meanwhile: upsert them instead.
            ids.update(_stage_products(marketplace, new, now, stored=False))
    changed = [row for row in rows if row[0] in existing]
    if changed:
        ids.update(_stage_products(marketplace, changed, now, stored=True))
    return ids


def _copy_new_products(marketplace: str, rows: list[Row], now: datetime) -> dict[str, int]:
    """Rows no product has yet, straight into the table."""
    columns = [*_WRITTEN_COLUMNS, "created_at", *(f.column for f in _UNTOUCHED_FIELDS)]
    defaults = [now, *(_default(f) for f in _UNTOUCHED_FIELDS)]
    table = Product._meta.db_table
    statement = f"COPY {table} ({', '.join(map(_quoted, columns))}) FROM STDIN"
    with connection.cursor() as cursor:
        # COPY bypasses Django's cursor wrapper, which turns driver errors into Django's.
        with connection.wrap_database_errors, cursor.copy(statement) as copy:
            for asin, values in rows:
                copy.write_row((marketplace, asin, *_with_json_text(values), *defaults))
        cursor.execute(
            f"SELECT asin, id FROM {table} WHERE marketplace = %s AND asin = ANY(%s)",  # noqa: S608
            [marketplace, [asin for asin, _ in rows]],
        )
        return dict(cursor.fetchall())


def _stage_products(
    marketplace: str, rows: list[Row], now: datetime, *, stored: bool
) -> dict[str, int]:
    """Stream the rows into a staging table, then write them in one statement: an UPDATE
    when they are all stored (and locked), else an upsert. A product holding a newer fetch
    than the one given is left as it is."""
    table = Product._meta.db_table
    stage = "product_upsert_stage"
    columns = ", ".join(map(_quoted, _WRITTEN_COLUMNS))
    inserted = ", ".join([columns, "created_at", *(_quoted(f.column) for f in _UNTOUCHED_FIELDS)])
    updates = ", ".join(f"{_quoted(c)} = EXCLUDED.{_quoted(c)}" for c in _INGESTED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "  # noqa: S608 (names, not data)
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for asin, values in rows:
                copy.write_row((marketplace, asin, *_with_json_text(values)))
        if stored:
            # Cheaper than the upsert below, which first looks for a conflict per row.
            assignments = ", ".join(f"{_quoted(c)} = s.{_quoted(c)}" for c in _INGESTED_COLUMNS)
            cursor.execute(
                f"UPDATE {table} AS p SET {assignments} FROM {stage} AS s "  # noqa: S608
                "WHERE p.marketplace = s.marketplace AND p.asin = s.asin "
                "AND (p.fetched_at IS NULL OR p.fetched_at < s.fetched_at) "
                "RETURNING p.asin, p.id"
            )
        else:
            cursor.execute(
                f"INSERT INTO {table} ({inserted}) "  # noqa: S608 (names, not data)
                f"SELECT {columns}, %s{', %s' * len(_UNTOUCHED_FIELDS)} FROM {stage} "
                f"ON CONFLICT (marketplace, asin) DO UPDATE SET {updates} "
                f"WHERE {table}.fetched_at IS NULL OR {table}.fetched_at < EXCLUDED.fetched_at "
                "RETURNING asin, id",
                [now, *(_default(f) for f in _UNTOUCHED_FIELDS)],
            )
        ids = dict(cursor.fetchall())
        cursor.execute(f"DROP TABLE {stage}")
    return ids


def _default(field: Field[Any, Any]) -> Any:
    return field.get_db_prep_save(field.get_default(), connection)


def _with_json_text(values: tuple[Any, ...]) -> list[Any]:
    values_list = list(values)
    for i in _JSON_POSITIONS:
        values_list[i] = json.dumps(values_list[i])
    return values_list


def _quoted(column: str) -> str:
    return connection.ops.quote_name(column)


def rows_insert(model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Plain inserts of many rows: COPY on PostgreSQL, bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows]
        )
        return
    columns = ", ".join(_quoted(_concrete(f, model).column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)

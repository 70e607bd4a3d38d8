"""Writes to the catalogue. Ingestion calls these with mapped records; nothing else writes them."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Field, Model, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from products.cache_versions import catalogue_changed, products_changed
from products.categories import categories_upsert
from products.events import catalogue_events_announce, product_change_events
from products.marketplaces import MARKETPLACES
from products.models import Category, PriceObservation, Product, asin_validator
from products.outbound import is_allowed_image, is_allowed_product_link
from products.records import Availability, ImageRecord, ProductRecord

logger = logging.getLogger(__name__)

# Everything ingestion owns on a product; curation fields (published, featured,
# title_override, notes) are deliberately absent, so an upsert can never overwrite them.
INGESTED_FIELDS = [
    "parent_asin",
    "title",
    "brand",
    "manufacturer",
    "features",
    "images",
    "detail_page_url",
    "price_amount",
    "price_currency",
    "price_display",
    "savings_basis_amount",
    "savings_amount",
    "savings_percent",
    "availability",
    "availability_message",
    "merchant_name",
    "condition",
    "deal",
    "sales_rank",
    "variation_attributes",
    "category",
    "fetched_at",
    "price_as_of",
    "content_hash",
    "raw",
    "updated_at",
]


@dataclass
class UpsertResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    # Stored, but with these URLs dropped: they pointed outside the allowed hosts.
    rejected_urls: dict[str, str] = field(default_factory=dict)
    # For cache invalidation, as (marketplace, asin): rows rewritten, and rows whose
    # unchanged price was only re-dated.
    changed_keys: list[tuple[str, str]] = field(default_factory=list)
    redated_keys: list[tuple[str, str]] = field(default_factory=list)


def _images(record: ProductRecord) -> dict[str, Any]:
    def sizes(image: ImageRecord | None) -> dict[str, Any]:
        return dict(image.sizes) if image else {}

    return {
        "primary": sizes(record.primary_image),
        "variants": [sizes(image) for image in record.variant_images],
    }


_JSON_FIELDS = {"features", "images", "deal", "variation_attributes", "raw"}


def _ingested_values(
    record: ProductRecord, category_id: int | None, now: datetime
) -> tuple[Any, ...]:
    """The values of INGESTED_FIELDS for a record, in that order, cut to the columns' sizes."""
    return (
        record.parent_asin,
        record.title[:1000],
        record.brand[:255],
        record.manufacturer[:255],
        list(record.features),
        _images(record),
        record.detail_page_url[:2000],
        record.price_amount,
        record.price_currency,
        record.price_display[:64],
        record.savings_basis_amount,
        record.savings_amount,
        record.savings_percent,
        record.availability,
        record.availability_message[:255],
        record.merchant_name[:255],
        record.condition[:32],
        record.deal,
        record.sales_rank,
        [list(pair) for pair in record.variation_attributes],
        category_id,
        record.fetched_at,
        record.fetched_at,
        record.content_hash,
        record.raw,
        now,
    )


_AVAILABILITIES = frozenset(value for value, _ in Availability.CHOICES)


def _invalid_reason(record: ProductRecord) -> str | None:
    if record.marketplace not in MARKETPLACES:
        return f"unknown marketplace {record.marketplace!r}"
    try:
        asin_validator(record.asin)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if record.availability not in _AVAILABILITIES:
        return f"unknown availability {record.availability!r}"
    return None


def _without_disallowed_urls(record: ProductRecord) -> tuple[ProductRecord, list[str]]:
    """The record with links and images outside the allowed hosts emptied, and those URLs."""
    rejected: list[str] = []
    link = record.detail_page_url
    if link and not is_allowed_product_link(link):
        rejected.append(link)
        link = ""

    def allowed(image: ImageRecord | None) -> ImageRecord | None:
        if image is None:
            return None
        sizes = {}
        for size, entry in image.sizes.items():
            if is_allowed_image(str(entry.get("url", ""))):
                sizes[size] = entry
            else:
                rejected.append(str(entry.get("url", "")))
        return ImageRecord(sizes=sizes) if sizes else None

    primary = allowed(record.primary_image)
    variants = tuple(image for entry in record.variant_images if (image := allowed(entry)))
    if not rejected:
        return record, []
    cleaned = replace(record, detail_page_url=link, primary_image=primary, variant_images=variants)
    return cleaned, rejected


def _latest_per_key(records: Iterable[ProductRecord]) -> list[ProductRecord]:
    """One record per (store, ASIN): the most recently fetched wins within a batch."""
    latest: dict[tuple[str, str], ProductRecord] = {}
    for record in records:
        key = (record.marketplace, record.asin)
        if key not in latest or record.fetched_at >= latest[key].fetched_at:
            latest[key] = record
    return list(latest.values())


def product_upsert(records: Iterable[ProductRecord]) -> UpsertResult:
    """Create new products, update changed ones, and only re-date unchanged ones.

    Unchanged rows are skipped before they reach the database (by content hash): PostgreSQL
    rewrites a conflicting row even when nothing changed, and every rewrite recomputes the
    search column and touches the GIN index.
    """
    result = UpsertResult()
    valid = []
    for record in records:
        reason = _invalid_reason(record)
        if reason:
            result.failed[record.asin] = reason
            continue
        record, rejected = _without_disallowed_urls(record)
        if rejected:
            result.rejected_urls[record.asin] = (
                "dropped URLs outside the allowed hosts: "
                + ", ".join(url[:100] for url in rejected)
            )
        valid.append(record)
    by_marketplace: dict[str, list[ProductRecord]] = defaultdict(list)
    for record in _latest_per_key(valid):
        by_marketplace[record.marketplace].append(record)
    for marketplace, batch in by_marketplace.items():
        with transaction.atomic():
            _upsert_marketplace(marketplace, batch, result)
    if result.changed_keys:
        catalogue_changed(result.changed_keys)
    products_changed(result.redated_keys)
    return result


def _upsert_marketplace(marketplace: str, batch: list[ProductRecord], result: UpsertResult) -> None:
    existing: dict[str, dict[str, Any]] = {
        row["asin"]: dict(row)
        for row in Product.objects.select_for_update()
        .filter(_among("asin", [r.asin for r in batch]), marketplace=marketplace)
        .values(
            "id",
            "asin",
            "content_hash",
            "fetched_at",
            "price_amount",
            "price_currency",
            "availability",
        )
    }
    to_write: list[ProductRecord] = []
    redate: list[tuple[int, datetime]] = []
    for record in batch:
        row = existing.get(record.asin)
        if row is None:
            to_write.append(record)
            result.created.append(record.asin)
        elif row["fetched_at"] is not None and record.fetched_at <= row["fetched_at"]:
            result.unchanged.append(record.asin)
        elif row["content_hash"] == record.content_hash:
            redate.append((row["id"], record.fetched_at))
            result.unchanged.append(record.asin)
            result.redated_keys.append((marketplace, record.asin))
        else:
            to_write.append(record)
            result.updated.append(record.asin)
    _redate(redate)
    if to_write:
        _write(marketplace, to_write, existing)
        result.changed_keys.extend((marketplace, r.asin) for r in to_write)


def _redate(rows: list[tuple[int, datetime]]) -> None:
    """Confirm unchanged prices as fresh; grouped by fetch time, usually one UPDATE a batch."""
    by_time: dict[datetime, list[int]] = defaultdict(list)
    for pk, fetched_at in rows:
        by_time[fetched_at].append(pk)
    for fetched_at, pks in by_time.items():
        Product.objects.filter(_among("id", pks)).update(
            fetched_at=fetched_at, price_as_of=fetched_at
        )


def _among(column: str, values: list[Any]) -> RawSQL:
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


def _write(
    marketplace: str, records: list[ProductRecord], existing: dict[str, dict[str, Any]]
) -> None:
    nodes = categories_upsert(marketplace, (c for r in records for c in r.categories))
    now = timezone.now()
    rows = [
        (
            r.asin,
            _ingested_values(
                r,
                node.pk
                if r.categories and (node := nodes.get((marketplace, r.categories[0].node_id)))
                else None,
                now,
            ),
        )
        for r in records
    ]
    if connection.vendor == "postgresql":
        ids = _copy_products(marketplace, rows, now, existing)
    else:
        ids = _create_products(marketplace, rows)
    # A concurrent writer may have stored a newer fetch of an item meanwhile; it stays.
    written = [r for r in records if r.asin in ids]
    _set_categories(marketplace, written, ids, nodes, replace_links=bool(existing))
    _observe_prices(marketplace, written, ids, existing)


def _concrete(name: str, model: type[Model] = Product) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


_INGESTED_ATTNAMES = [_concrete(name).attname for name in INGESTED_FIELDS]
_JSON_POSITIONS = [i for i, name in enumerate(INGESTED_FIELDS) if name in _JSON_FIELDS]


def _create_products(marketplace: str, rows: list[tuple[str, tuple[Any, ...]]]) -> dict[str, int]:
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


def _copy_products(
    marketplace: str,
    rows: list[tuple[str, tuple[Any, ...]]],
    now: datetime,
    existing: dict[str, dict[str, Any]],
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


def _copy_new_products(
    marketplace: str, rows: list[tuple[str, tuple[Any, ...]]], now: datetime
) -> dict[str, int]:
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
    marketplace: str, rows: list[tuple[str, tuple[Any, ...]]], now: datetime, *, stored: bool
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


def _insert_rows(model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
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


def _set_categories(
    marketplace: str,
    records: Sequence[ProductRecord],
    ids: dict[str, int],
    nodes: dict[tuple[str, str], Category],
    *,
    replace_links: bool,
) -> None:
    through = Product.categories.through
    links = {
        (ids[r.asin], nodes[(marketplace, c.node_id)].pk)
        for r in records
        for c in r.categories
        if (marketplace, c.node_id) in nodes
    }
    if replace_links:
        # Most refreshes keep a product's categories: only the links that differ change.
        current = {
            (product_id, category_id): pk
            for pk, product_id, category_id in through.objects.filter(
                _among("product_id", list(ids.values()))
            ).values_list("id", "product_id", "category_id")
        }
        gone = [pk for link, pk in current.items() if link not in links]
        if gone:
            through.objects.filter(_among("id", gone)).delete()
        links -= current.keys()
    _insert_rows(through, ["product_id", "category_id"], links)


def _observe_prices(
    marketplace: str,
    records: Sequence[ProductRecord],
    ids: dict[str, int],
    existing: dict[str, dict[str, Any]],
) -> None:
    """Record each price or availability change, and announce the ones others react to."""
    observations = []
    events = []
    for record in records:
        row = existing.get(record.asin)
        before = (row["price_amount"], row["price_currency"], row["availability"]) if row else None
        after = (record.price_amount, record.price_currency, record.availability)
        if before == after:
            continue
        observations.append(
            (
                ids[record.asin],
                record.fetched_at,
                record.price_amount,
                record.price_currency,
                record.availability,
            )
        )
        events.extend(
            product_change_events(
                product_id=ids[record.asin],
                marketplace=marketplace,
                asin=record.asin,
                at=record.fetched_at,
                before=before,
                after=after,
            )
        )
    _insert_rows(
        PriceObservation,
        ["product_id", "observed_at", "amount", "currency", "availability"],
        observations,
    )
    catalogue_events_announce(events)


def products_mark_unavailable(*, marketplace: str, asins: Iterable[str], at: datetime) -> list[str]:
    """Items the API no longer returns: kept, shown as unavailable, with their price cleared."""
    asins = list(asins)
    with transaction.atomic():
        rows = list(
            Product.objects.select_for_update()
            .filter(marketplace=marketplace, asin__in=asins)
            .filter(Q(fetched_at__isnull=True) | Q(fetched_at__lt=at))
            .exclude(availability=Availability.UNAVAILABLE, price_amount__isnull=True)
        )
        rows_before = [(p, (p.price_amount, p.price_currency, p.availability)) for p in rows]
        for product in rows:
            product.availability = Availability.UNAVAILABLE
            product.availability_message = ""
            product.price_amount = None
            product.price_display = ""
            product.savings_amount = product.savings_basis_amount = product.savings_percent = None
            product.fetched_at = product.price_as_of = at
            # The next successful fetch must count as a change, whatever it returns.
            product.content_hash = ""
            product.updated_at = timezone.now()
        Product.objects.bulk_update(
            rows,
            [
                "availability",
                "availability_message",
                "price_amount",
                "price_display",
                "savings_amount",
                "savings_basis_amount",
                "savings_percent",
                "fetched_at",
                "price_as_of",
                "content_hash",
                "updated_at",
            ],
        )
        PriceObservation.objects.bulk_create(
            PriceObservation(
                product=p, observed_at=at, amount=None, currency="", availability=p.availability
            )
            for p, _ in rows_before
        )
        catalogue_events_announce(
            [
                event
                for p, before in rows_before
                for event in product_change_events(
                    product_id=p.pk,
                    marketplace=p.marketplace,
                    asin=p.asin,
                    at=at,
                    before=before,
                    after=(None, p.price_currency, Availability.UNAVAILABLE),
                )
            ]
        )
    catalogue_changed((p.marketplace, p.asin) for p in rows)
    return [p.asin for p in rows]

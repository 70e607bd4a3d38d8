"""Ingestion's writes: mapped records upserted by store, and items Amazon stopped returning
marked unavailable. Each commits its own transaction, then refreshes the cache entries of
what it changed and announces the price and stock events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from products.cache_versions import catalogue_changed, products_changed
from products.edge_purge import products_purge
from products.events import catalogue_events_announce, product_change_events
from products.models import Category, PriceObservation, Product
from products.records import Availability, ProductRecord
from products.services.bulk_writer import column_among, products_write, rows_insert
from products.services.categories import category_tree_write
from products.services.ingested_fields import ingested_values
from products.services.records_check import (
    record_invalid_reason,
    record_without_disallowed_urls,
    records_latest_per_key,
)


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


def product_upsert(records: Iterable[ProductRecord]) -> UpsertResult:
    """Create new products, update changed ones, and only re-date unchanged ones.

    Unchanged rows are skipped before they reach the database (by content hash): PostgreSQL
    rewrites a conflicting row even when nothing changed, and every rewrite recomputes the
    search column and touches the GIN index.
    """
    result = UpsertResult()
    valid = []
    for record in records:
        reason = record_invalid_reason(record)
        if reason:
            result.failed[record.asin] = reason
            continue
        record, rejected = record_without_disallowed_urls(record)
        if rejected:
            result.rejected_urls[record.asin] = (
                "dropped URLs outside the allowed hosts: "
                + ", ".join(url[:100] for url in rejected)
            )
        valid.append(record)
    by_marketplace: dict[str, list[ProductRecord]] = defaultdict(list)
    for record in records_latest_per_key(valid):
        by_marketplace[record.marketplace].append(record)
    for marketplace, batch in by_marketplace.items():
        with transaction.atomic():
            _upsert_marketplace(marketplace, batch, result)
    if result.changed_keys:
        catalogue_changed(result.changed_keys)
        # Only what changed: a price re-confirmed unchanged leaves the edge's pages true.
        products_purge(result.changed_keys)
    products_changed(result.redated_keys)
    return result


def _upsert_marketplace(marketplace: str, batch: list[ProductRecord], result: UpsertResult) -> None:
    existing: dict[str, dict[str, Any]] = {
        row["asin"]: dict(row)
        for row in Product.objects.select_for_update()
        .filter(column_among("asin", [r.asin for r in batch]), marketplace=marketplace)
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
        Product.objects.filter(column_among("id", pks)).update(
            fetched_at=fetched_at, price_as_of=fetched_at
        )


def _write(
    marketplace: str, records: list[ProductRecord], existing: dict[str, dict[str, Any]]
) -> None:
    nodes, _ = category_tree_write(marketplace, (c for r in records for c in r.categories))
    now = timezone.now()
    rows = [
        (
            r.asin,
            ingested_values(
                r,
                node.pk
                if r.categories and (node := nodes.get((marketplace, r.categories[0].node_id)))
                else None,
                now,
            ),
        )
        for r in records
    ]
    ids = products_write(marketplace, rows, now, existing)
    # A concurrent writer may have stored a newer fetch of an item meanwhile; it stays.
    written = [r for r in records if r.asin in ids]
    _set_categories(marketplace, written, ids, nodes, replace_links=bool(existing))
    _observe_prices(marketplace, written, ids, existing)


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
                column_among("product_id", list(ids.values()))
            ).values_list("id", "product_id", "category_id")
        }
        gone = [pk for link, pk in current.items() if link not in links]
        if gone:
            through.objects.filter(column_among("id", gone)).delete()
        links -= current.keys()
    rows_insert(through, ["product_id", "category_id"], links)


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
    rows_insert(
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
    gone = [(p.marketplace, p.asin) for p in rows]
    catalogue_changed(gone)
    products_purge(gone)
    return [p.asin for p in rows]

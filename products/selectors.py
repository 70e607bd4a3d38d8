"""Reads of the catalogue shared by pages, the API and the admin."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from products.catalogue_filter import in_category
from products.deals import live_deal
from products.freshness import fresh_price_filter
from products.models import Category, PriceObservation, Product

# Deals are read from Amazon's dealDetails as stored, and whether one runs now is decided
# in Python (its times are text in JSON): at most this many priced deal rows are read.
DEAL_SCAN = 500


def products_published() -> QuerySet[Product]:
    return Product.objects.filter(published=True)


def products_for_cards() -> QuerySet[Product]:
    """Published products with what a product card shows, and no more."""
    return products_published().only(
        "marketplace",
        "asin",
        "title",
        "title_override",
        "brand",
        "images",
        "detail_page_url",
        "price_amount",
        "price_currency",
        "savings_amount",
        "savings_percent",
        "savings_basis_amount",
        "availability",
        "deal",
        "rating_value",
        "rating_count",
        "price_as_of",
    )


def _in_store(marketplace: str, category: Category | None) -> QuerySet[Product]:
    cards = products_for_cards().filter(marketplace=marketplace)
    return cards.filter(in_category(category)) if category is not None else cards


def products_newest(*, marketplace: str, category: Category | None = None) -> QuerySet[Product]:
    # Ids are handed out as rows are inserted, so the newest id is the newest product, and the
    # primary key reads them newest first without sorting the catalogue by created_at.
    return _in_store(marketplace, category).order_by("-id")


def products_recent(*, marketplace: str, limit: int) -> list[Product]:
    return list(products_newest(marketplace=marketplace)[:limit])


def products_bestselling(
    *, marketplace: str, category: Category | None = None
) -> QuerySet[Product]:
    """Products Amazon ranks by sales, best first; unranked ones are left out."""
    return (
        _in_store(marketplace, category)
        .filter(sales_rank__isnull=False)
        .order_by("sales_rank", "id")
    )


def products_on_deal(
    *, marketplace: str, limit: int, category: Category | None = None
) -> list[Product]:
    """Products whose deal runs now beside a fresh price, the soonest to end first."""
    now = timezone.now()
    rows = (
        _in_store(marketplace, category)
        .filter(fresh_price_filter(), price_amount__isnull=False)
        .exclude(deal={})
        .order_by("-savings_percent", "id")[:DEAL_SCAN]
    )
    running = [(deal, p) for p in rows if (deal := live_deal(p.deal, now=now)) is not None]
    running.sort(key=lambda found: (found[0].ends_at is None, found[0].ends_at or now))
    return [product for _, product in running[:limit]]


def products_featured(*, marketplace: str, limit: int) -> list[Product]:
    return list(
        products_for_cards()
        .filter(marketplace=marketplace, featured=True)
        .order_by("-updated_at", "id")[:limit]
    )


def products_biggest_savings(
    *,
    marketplace: str,
    limit: int,
    category: Category | None = None,
    leaving_out: Iterable[int] = (),
) -> list[Product]:
    """Only fresh savings: a saving is part of the price, which is hidden once stale."""
    return list(
        _in_store(marketplace, category)
        .filter(fresh_price_filter(), savings_percent__isnull=False)
        .exclude(pk__in=list(leaving_out))
        .order_by("-savings_percent", "id")[:limit]
    )


def categories_with_node(node_id: str, *, marketplace: str = "") -> list[Category]:
    """The nodes with this browse-node id: the store's one, or every store's without one."""
    nodes = Category.objects.filter(node_id=node_id).order_by("marketplace")
    if marketplace:
        nodes = nodes.filter(marketplace=marketplace)
    return list(nodes)


def category_children(category: Category) -> list[Category]:
    return list(category.children.order_by("name"))


def category_ancestors(category: Category) -> list[Category]:
    ids = category.ancestor_ids()
    found = {
        c.node_id: c
        for c in Category.objects.filter(marketplace=category.marketplace, node_id__in=ids)
    }
    return [found[node_id] for node_id in ids if node_id in found]


def product_for_page(*, marketplace: str, asin: str) -> Product | None:
    return (
        products_published()
        .select_related("category")
        .filter(marketplace=marketplace, asin=asin)
        .first()
    )


def product_variations(product: Product, *, limit: int) -> list[Product]:
    """Other published children of the same parent ASIN in the same store."""
    parent = product.parent_asin or product.asin
    return list(
        products_for_cards()
        .filter(marketplace=product.marketplace)
        .filter(Q(parent_asin=parent) | Q(asin=parent))
        .exclude(pk=product.pk)
        .order_by("asin")[:limit]
    )


def product_in_other_stores(product: Product, *, marketplaces: list[str]) -> list[Product]:
    """The same ASIN published in the other given stores, in the order given."""
    found = {
        other.marketplace: other
        for other in products_for_cards()
        .filter(asin=product.asin, marketplace__in=marketplaces)
        .exclude(pk=product.pk)
    }
    return [found[code] for code in marketplaces if code in found]


def product_related(product: Product, *, limit: int) -> list[Product]:
    if product.category_id is None:
        return []
    return list(
        products_for_cards()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .exclude(parent_asin=product.parent_asin or product.asin)
        .order_by(F("sales_rank").asc(nulls_last=True), "id")[:limit]
    )


def price_history(product: Product, *, since: datetime | None = None) -> list[PriceObservation]:
    observations = product.price_history.order_by("observed_at")
    if since is not None:
        observations = observations.filter(observed_at__gte=since)
    return list(observations)


def products_due_for_refresh(
    *, marketplaces: list[str], older_than: datetime, limit: int
) -> list[tuple[str, str]]:
    """(marketplace, asin) of published products, oldest price first (never fetched first)."""
    rows = (
        products_published()
        .filter(marketplace__in=marketplaces)
        .filter(Q(price_as_of__isnull=True) | Q(price_as_of__lt=older_than))
        .order_by(F("price_as_of").asc(nulls_first=True), "id")
        .values_list("marketplace", "asin")[:limit]
    )
    return list(rows)


def products_carried(*, marketplaces: list[str]) -> int:
    return products_published().filter(marketplace__in=marketplaces).count()


def category_product_counts(categories: list[Category]) -> dict[int, int]:
    """Published products per category (its own, not its descendants'), in one query."""
    rows = (
        products_published()
        .filter(category__in=categories)
        .values("category")
        .annotate(n=Count("id"))
    )
    return {row["category"]: row["n"] for row in rows}

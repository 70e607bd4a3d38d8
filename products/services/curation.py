"""Staff's curation: what the storefront shows (published), features, title overrides and
notes, products added by ASIN or deleted, and collections. The stock monitor hides products
through products_unpublish too."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from products.events import catalogue_events_announce, publication_events
from products.models import Product
from products.services.invalidation import catalogue_invalidate

# The fields staff edit; ingestion never writes them.
CURATION_FIELDS = ("published", "featured", "title_override", "notes")


def products_publish(ids: Iterable[int]) -> list[tuple[str, str]]:
    """Show the products on the storefront; returns the (marketplace, asin) of those shown."""
    return _publication_set(ids, published=True)


def products_unpublish(ids: Iterable[int]) -> list[tuple[str, str]]:
    """Hide the products from the storefront; returns the (marketplace, asin) of those hidden."""
    return _publication_set(ids, published=False)


def _publication_set(ids: Iterable[int], *, published: bool) -> list[tuple[str, str]]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Product.objects.select_for_update()
            .filter(pk__in=list(ids))
            .exclude(published=published)
            .order_by("marketplace", "asin")
            .values_list("pk", "marketplace", "asin")
        )
        Product.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
            published=published, updated_at=now
        )
        catalogue_events_announce(publication_events(rows, published=published, at=now))
        keys = [(marketplace, asin) for _, marketplace, asin in rows]
        catalogue_invalidate(keys)
    return keys


def products_feature(ids: Iterable[int]) -> int:
    """Feature the products (the home page's first row); returns how many were not already."""
    return _featured_set(ids, featured=True)


def products_unfeature(ids: Iterable[int]) -> int:
    """Stop featuring the products; returns how many were featured."""
    return _featured_set(ids, featured=False)


def _featured_set(ids: Iterable[int], *, featured: bool) -> int:
    with transaction.atomic():
        rows = Product.objects.filter(pk__in=list(ids)).exclude(featured=featured)
        keys = list(rows.values_list("marketplace", "asin"))
        count = rows.update(featured=featured, updated_at=timezone.now())
        catalogue_invalidate(keys)
    return count


def product_curate(product: Product, *, fields: Iterable[str]) -> None:
    """Save the curation fields named (as set on `product`); the rest of the row is left as
    stored, so an edit can never overwrite what ingestion wrote meanwhile."""
    named = set(fields)
    changed = [name for name in CURATION_FIELDS if name in named]
    if not changed:
        return
    with transaction.atomic():
        product.save(update_fields=[*changed, "updated_at"])
        if "published" in changed:
            catalogue_events_announce(
                publication_events(
                    [(product.pk, product.marketplace, product.asin)],
                    published=product.published,
                    at=product.updated_at,
                )
            )
        catalogue_invalidate([(product.marketplace, product.asin)])


def product_add(product: Product) -> None:
    """A product staff named by store and ASIN; ingestion fills in the rest when it runs."""
    with transaction.atomic():
        product.save()
        catalogue_invalidate([(product.marketplace, product.asin)])


def products_delete(ids: Iterable[int]) -> int:
    """Remove the products and their history; returns how many were removed."""
    with transaction.atomic():
        rows = Product.objects.filter(pk__in=list(ids))
        keys = list(rows.values_list("marketplace", "asin"))
        rows.delete()
        catalogue_invalidate(keys)
    return len(keys)


def collections_changed() -> None:
    """A collection was saved or deleted. Every page carries the catalogue version, and a
    collection edit is rare next to ingestion's writes, so one version covers it."""
    catalogue_invalidate()

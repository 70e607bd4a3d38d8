"""Writing the browse-node tree: from mapped items, and staff's renames."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from products.models import Category
from products.records import CategoryRecord
from products.services.invalidation import catalogue_invalidate

NodeKey = tuple[str, str]


def _chains(marketplace: str, records: Iterable[CategoryRecord]) -> dict[NodeKey, list[str]]:
    """Each node's root-first chain of node ids, and the names seen, keyed by (store, node)."""
    chains: dict[NodeKey, list[str]] = {}
    for record in records:
        root_first = [node for node, _ in reversed(record.ancestors)] + [record.node_id]
        for depth, node_id in enumerate(root_first):
            chains.setdefault((marketplace, node_id), root_first[: depth + 1])
    return chains


def categories_upsert(
    marketplace: str, records: Iterable[CategoryRecord]
) -> dict[NodeKey, Category]:
    """Create or rename the nodes (with ancestors) the records name; return them by key.

    Pages name categories (breadcrumbs, menus), so a new or renamed node refreshes them all.
    """
    with transaction.atomic():
        nodes, changed = category_tree_write(marketplace, records)
        if changed:
            catalogue_invalidate()
    return nodes


def category_rename(category: Category, *, name: str) -> None:
    """Staff's name for a node; ingestion's next read of the node brings Amazon's back."""
    with transaction.atomic():
        Category.objects.filter(pk=category.pk).update(name=name)
        category.name = name
        catalogue_invalidate()


def categories_delete(ids: Iterable[int]) -> int:
    """Remove the nodes; their children and products lose the link until ingestion reads
    them again. Returns how many nodes were removed."""
    with transaction.atomic():
        _, removed = Category.objects.filter(pk__in=list(ids)).delete()
        catalogue_invalidate()
    return removed.get(Category._meta.label, 0)


def category_tree_write(
    marketplace: str, records: Iterable[CategoryRecord]
) -> tuple[dict[NodeKey, Category], bool]:
    """The nodes the records name, created or renamed, by key; and whether any was.

    Leaves invalidation to the caller: product_upsert writes the tree only for products it
    rewrites, and refreshes every page for those anyway.
    """
    records = list(records)
    names: dict[NodeKey, str] = {}
    for record in records:
        names[(marketplace, record.node_id)] = record.name
        for node_id, name in record.ancestors:
            names.setdefault((marketplace, node_id), name)
    chains = _chains(marketplace, records)
    if not chains:
        return {}, False
    existing = {
        (c.marketplace, c.node_id): c
        for c in Category.objects.filter(
            marketplace=marketplace, node_id__in=[node for _, node in chains]
        )
    }
    missing = [
        Category(
            marketplace=marketplace,
            node_id=node_id,
            name=names.get((marketplace, node_id), ""),
            path="/".join(chain),
            depth=len(chain) - 1,
        )
        for (_, node_id), chain in chains.items()
        if (marketplace, node_id) not in existing
    ]
    Category.objects.bulk_create(missing, ignore_conflicts=True)
    nodes = {
        (c.marketplace, c.node_id): c
        for c in Category.objects.filter(
            marketplace=marketplace, node_id__in=[node for _, node in chains]
        )
    }
    relinked = _link_parents(nodes, chains, names)
    return nodes, bool(missing) or relinked


def _link_parents(
    nodes: dict[NodeKey, Category], chains: dict[NodeKey, list[str]], names: dict[NodeKey, str]
) -> bool:
    changed = []
    for key, category in nodes.items():
        chain = chains[key]
        parent = nodes.get((key[0], chain[-2])) if len(chain) > 1 else None
        name = names.get(key) or category.name
        path = "/".join(chain)
        if (category.parent_id, category.name, category.path) != (
            parent.pk if parent else None,
            name,
            path,
        ):
            category.parent = parent
            category.name = name
            category.path = path
            category.depth = len(chain) - 1
            changed.append(category)
    if changed:
        Category.objects.bulk_update(changed, ["parent", "name", "path", "depth"])
    return bool(changed)

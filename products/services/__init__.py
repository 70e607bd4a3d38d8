"""Every write to the catalogue (products, their price history, the category tree), and
with each write its events and cache invalidation; nothing else writes these tables.

- upsert: ingestion's writes (product_upsert, products_mark_unavailable);
- records_check: what a mapped record must satisfy to be stored;
- bulk_writer: many rows at once (PostgreSQL COPY and staging, bulk_create elsewhere);
- curation: staff's edits and the stock monitor's unpublishing;
- categories: the browse-node tree;
- invalidation: refreshing cached pages once a write commits.
"""

from products.services.categories import categories_delete, categories_upsert, category_rename
from products.services.curation import (
    CURATION_FIELDS,
    collections_changed,
    product_add,
    product_curate,
    products_delete,
    products_feature,
    products_publish,
    products_unfeature,
    products_unpublish,
)
from products.services.ingested_fields import INGESTED_FIELDS
from products.services.upsert import UpsertResult, product_upsert, products_mark_unavailable

__all__ = [
    "CURATION_FIELDS",
    "INGESTED_FIELDS",
    "UpsertResult",
    "categories_delete",
    "categories_upsert",
    "category_rename",
    "collections_changed",
    "product_add",
    "product_curate",
    "product_upsert",
    "products_delete",
    "products_feature",
    "products_mark_unavailable",
    "products_publish",
    "products_unfeature",
    "products_unpublish",
]

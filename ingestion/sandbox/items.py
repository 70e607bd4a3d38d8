"""Products and browse nodes rendered as the Creators API's camelCase JSON objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ingestion.sandbox import taxonomy
from ingestion.sandbox.catalogue import Product
from ingestion.sandbox.offers import listing
from ingestion.sandbox.taxonomy import BrowseNode
from products.marketplaces import MARKETPLACES

IMAGE_SIZES = {"small": 75, "medium": 160, "large": 500, "hiRes": 1500}


@dataclass(frozen=True)
class Storefront:
    """Everything an answer depends on besides the product: store, tag, clock, image host."""

    marketplace: str
    partner_tag: str
    image_base: str
    seed: int
    now: float
    drift_period: float

    @property
    def locale(self) -> str:
        return MARKETPLACES[self.marketplace].language.replace("-", "_")

    def detail_page_url(self, asin: str) -> str:
        """The product link as the API gives it, carrying the partner tag."""
        host = MARKETPLACES[self.marketplace].host
        return f"https://{host}/dp/{asin}?tag={quote(self.partner_tag)}&linkCode=ogi&th=1&psc=1"


def render_item(product: Product, store: Storefront) -> dict[str, Any]:
    """The full item, before resources are applied."""
    item: dict[str, Any] = {
        "asin": product.asin,
        "detailPageURL": store.detail_page_url(product.asin),
        "itemInfo": _item_info(product, store.locale),
        "images": {
            "primary": _image(product.asin, 0, store.image_base),
            "variants": [
                _image(product.asin, v, store.image_base) for v in range(1, product.image_count)
            ],
        },
        "browseNodeInfo": {
            "browseNodes": [
                {
                    **render_node(product.node, with_children=False),
                    "salesRank": max(1, product.sales_rank // 20),
                }
            ],
            "websiteSalesRank": {
                **_names(_root(product.node)),
                "salesRank": product.sales_rank,
            },
        },
    }
    if product.reviews is not None:
        stars, count = product.reviews
        item["customerReviews"] = {"count": count, "starRating": {"value": stars}}
    if product.parent_asin is not None:
        item["parentASIN"] = product.parent_asin
        item["variationAttributes"] = [
            {"name": "color_name", "value": product.colour},
            {"name": "size_name", "value": product.size},
        ]
    offer = listing(
        product,
        store.marketplace,
        seed=store.seed,
        now=store.now,
        drift_period=store.drift_period,
    )
    if offer is not None:
        item["offersV2"] = {"listings": [offer]}
    return item


def render_node(node: BrowseNode, *, with_children: bool) -> dict[str, Any]:
    """A browse node with its chain of ancestors and, if asked, its children."""
    rendered: dict[str, Any] = {**_names(node), "isRoot": node.parent_id is None}
    ancestor: dict[str, Any] | None = None
    for parent in reversed(taxonomy.ancestors(node)):
        ancestor = {**_names(parent), **({"ancestor": ancestor} if ancestor else {})}
    if ancestor is not None:
        rendered["ancestor"] = ancestor
    if with_children:
        kids = taxonomy.children(node)
        if kids:
            rendered["children"] = [_names(kid) for kid in kids]
    return rendered


def _names(node: BrowseNode) -> dict[str, Any]:
    return {"id": node.id, "displayName": node.name, "contextFreeName": node.name}


def _root(node: BrowseNode) -> BrowseNode:
    chain = taxonomy.ancestors(node)
    return chain[-1] if chain else node


def _text(value: str | int, label: str, locale: str) -> dict[str, Any]:
    return {"displayValue": value, "label": label, "locale": locale}


def _item_info(product: Product, locale: str) -> dict[str, Any]:
    return {
        "title": _text(product.title, "Title", locale),
        "byLineInfo": {
            "brand": _text(product.brand, "Brand", locale),
            "manufacturer": _text(product.manufacturer, "Manufacturer", locale),
        },
        "features": {
            "displayValues": list(product.features),
            "label": "Features",
            "locale": locale,
        },
        "classifications": {
            "binding": _text(product.node.name, "Binding", locale),
            "productGroup": _text(_root(product.node).name, "ProductGroup", locale),
        },
        "productInfo": {
            "color": _text(product.colour, "Color", locale),
            "size": _text(product.size, "Size", locale),
            "unitCount": _text(product.unit_count, "NumberOfItems", locale),
            "releaseDate": _text(product.release_date, "ReleaseDate", locale),
        },
        "manufactureInfo": {
            "model": _text(product.model, "Model", locale),
            "itemPartNumber": _text(product.model, "PartNumber", locale),
        },
        "externalIds": {"eans": {"displayValues": [product.ean], "label": "EAN", "locale": locale}},
    }


def _image(asin: str, variant: int, image_base: str) -> dict[str, Any]:
    return {
        size: {
            "url": f"{image_base}/images/{asin}.svg?v={variant}&w={px}",
            "width": px,
            "height": px,
        }
        for size, px in IMAGE_SIZES.items()
    }

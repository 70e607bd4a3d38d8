"""schema.org Product / Offer JSON-LD for a product page."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from products.models import Product
from products.records import Availability

# schema.org's availability vocabulary for ours.
SCHEMA_AVAILABILITY = {
    Availability.IN_STOCK: "https://schema.org/InStock",
    Availability.LIMITED: "https://schema.org/LimitedAvailability",
    Availability.PREORDER: "https://schema.org/PreOrder",
    Availability.BACKORDER: "https://schema.org/BackOrder",
    Availability.OUT_OF_STOCK: "https://schema.org/OutOfStock",
    Availability.UNAVAILABLE: "https://schema.org/Discontinued",
}

# Inside a <script> element, these must not appear literally.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def product_json_ld(product: Product, *, page_url: str, image: str) -> SafeString:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.display_title,
        "sku": product.asin,
        "url": page_url,
    }
    if image:
        data["image"] = image
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand}
    if product.features:
        data["description"] = " ".join(str(f) for f in product.features)[:500]
    # An offer is stated only while its price may be shown (Amazon's 24-hour rule).
    if product.price_is_fresh and product.price_amount is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": str(product.price_amount),
            "priceCurrency": product.price_currency,
            "url": product.detail_page_url,
        }
        if product.availability in SCHEMA_AVAILABILITY:
            offer["availability"] = SCHEMA_AVAILABILITY[product.availability]
        data["offers"] = offer
    encoded = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(encoded)  # noqa: S308 (JSON with <, > and & escaped)

"""Which Creators API credential region serves each carried store, and its request limits."""

from __future__ import annotations

from django.conf import settings

from products.marketplaces import MARKETPLACES


def store_region(marketplace: str) -> str:
    """The region whose credential authorises a store's requests (CREATORS_API_REGIONS)."""
    regions: dict[str, str] = settings.CREATORS_API_REGIONS
    return regions.get(marketplace) or MARKETPLACES[marketplace].region


def carried_regions() -> list[str]:
    """The regions of the carried stores, in the order the stores are listed."""
    return list(dict.fromkeys(store_region(code) for code in settings.AMAZON_MARKETPLACES))


def region_stores(region: str) -> list[str]:
    """The carried stores a region's credential serves."""
    return [code for code in settings.AMAZON_MARKETPLACES if store_region(code) == region]


def region_limits(region: str) -> tuple[float, int]:
    """Requests per second and per day the region's credential may send; Amazon counts them
    per credential, so each region has its own bucket (CREATORS_API_<REGION>_TPS / _TPD)."""
    credential = settings.CREATORS_API_CREDENTIALS.get(region, {})
    return (
        float(credential.get("tps", settings.CREATORS_API_TPS)),
        int(credential.get("tpd", settings.CREATORS_API_TPD)),
    )

"""Amazon stores the catalogue can carry, keyed by the short code used in settings and URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    code: str
    host: str
    currency: str
    language: str
    region: str

    @property
    def domain(self) -> str:
        """The store as the Creators API names it in the `x-marketplace` header."""
        return self.host


# Regions follow the Creators API credential regions (NA / EU / FE). Sources disagree on
# India, so CREATORS_API_REGIONS in settings may override any entry.
MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        Marketplace("US", "www.amazon.com", "USD", "en-US", "NA"),
        Marketplace("CA", "www.amazon.ca", "CAD", "en-CA", "NA"),
        Marketplace("MX", "www.amazon.com.mx", "MXN", "es-MX", "NA"),
        Marketplace("BR", "www.amazon.com.br", "BRL", "pt-BR", "NA"),
        Marketplace("UK", "www.amazon.co.uk", "GBP", "en-GB", "EU"),
        Marketplace("DE", "www.amazon.de", "EUR", "de-DE", "EU"),
        Marketplace("FR", "www.amazon.fr", "EUR", "fr-FR", "EU"),
        Marketplace("IT", "www.amazon.it", "EUR", "it-IT", "EU"),
        Marketplace("ES", "www.amazon.es", "EUR", "es-ES", "EU"),
        Marketplace("NL", "www.amazon.nl", "EUR", "nl-NL", "EU"),
        Marketplace("SE", "www.amazon.se", "SEK", "sv-SE", "EU"),
        Marketplace("PL", "www.amazon.pl", "PLN", "pl-PL", "EU"),
        Marketplace("BE", "www.amazon.com.be", "EUR", "fr-BE", "EU"),
        Marketplace("TR", "www.amazon.com.tr", "TRY", "tr-TR", "EU"),
        Marketplace("AE", "www.amazon.ae", "AED", "en-AE", "EU"),
        Marketplace("SA", "www.amazon.sa", "SAR", "en-AE", "EU"),
        Marketplace("EG", "www.amazon.eg", "EGP", "en-AE", "EU"),
        Marketplace("IN", "www.amazon.in", "INR", "en-IN", "EU"),
        Marketplace("JP", "www.amazon.co.jp", "JPY", "ja-JP", "FE"),
        Marketplace("AU", "www.amazon.com.au", "AUD", "en-AU", "FE"),
        Marketplace("SG", "www.amazon.sg", "SGD", "en-SG", "FE"),
    )
}

MARKETPLACE_CHOICES = [(code, m.host) for code, m in MARKETPLACES.items()]


def marketplace_for_host(host: str) -> Marketplace | None:
    """The store whose host this is, with or without the leading `www.`."""
    bare = host.lower().removeprefix("www.")
    for marketplace in MARKETPLACES.values():
        if marketplace.host.removeprefix("www.") == bare:
            return marketplace
    return None


# Where the Creators API's product images live (its answers name these hosts only).
AMAZON_IMAGE_ORIGINS = (
    "https://m.media-amazon.com",
    "https://images-na.ssl-images-amazon.com",
    "https://images-eu.ssl-images-amazon.com",
    "https://images-fe.ssl-images-amazon.com",
)


def is_amazon_store_host(host: str) -> bool:
    """An Amazon store's host or any subdomain of it (www., smile.)."""
    host = host.lower()
    return any(
        host == bare or host.endswith("." + bare)
        for bare in (m.host.removeprefix("www.") for m in MARKETPLACES.values())
    )

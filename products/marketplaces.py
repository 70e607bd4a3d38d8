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
    # Language tags (RFC 5646) a visitor's browser may send for which this store is
    # suggested; the first names the store's pages (hreflang). A bare language tag belongs
    # to exactly one store: the one its speakers are sent to when theirs is not carried.
    locales: tuple[str, ...]

    @property
    def domain(self) -> str:
        """The store as the Creators API names it in the `x-marketplace` header."""
        return self.host

    @property
    def label(self) -> str:
        """The store's name as visitors know it: amazon.co.uk."""
        return self.host.removeprefix("www.")


# Regions follow the Creators API credential regions (NA / EU / FE). Sources disagree on
# India, so CREATORS_API_REGIONS in settings may override any entry.
MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        Marketplace("US", "www.amazon.com", "USD", "en-US", "NA", ("en-US", "en", "es-US")),
        Marketplace("CA", "www.amazon.ca", "CAD", "en-CA", "NA", ("en-CA", "fr-CA")),
        Marketplace("MX", "www.amazon.com.mx", "MXN", "es-MX", "NA", ("es-MX", "es-419")),
        Marketplace("BR", "www.amazon.com.br", "BRL", "pt-BR", "NA", ("pt-BR", "pt")),
        Marketplace("UK", "www.amazon.co.uk", "GBP", "en-GB", "EU", ("en-GB", "en-IE")),
        Marketplace(
            "DE", "www.amazon.de", "EUR", "de-DE", "EU", ("de-DE", "de", "de-AT", "de-CH", "de-LU")
        ),
        Marketplace("FR", "www.amazon.fr", "EUR", "fr-FR", "EU", ("fr-FR", "fr", "fr-CH", "fr-LU")),
        Marketplace("IT", "www.amazon.it", "EUR", "it-IT", "EU", ("it-IT", "it", "it-CH")),
        Marketplace("ES", "www.amazon.es", "EUR", "es-ES", "EU", ("es-ES", "es")),
        Marketplace("NL", "www.amazon.nl", "EUR", "nl-NL", "EU", ("nl-NL", "nl")),
        Marketplace("SE", "www.amazon.se", "SEK", "sv-SE", "EU", ("sv-SE", "sv")),
        Marketplace("PL", "www.amazon.pl", "PLN", "pl-PL", "EU", ("pl-PL", "pl")),
        Marketplace("BE", "www.amazon.com.be", "EUR", "fr-BE", "EU", ("fr-BE", "nl-BE")),
        Marketplace("TR", "www.amazon.com.tr", "TRY", "tr-TR", "EU", ("tr-TR", "tr")),
        Marketplace("AE", "www.amazon.ae", "AED", "en-AE", "EU", ("en-AE", "ar-AE", "ar")),
        Marketplace("SA", "www.amazon.sa", "SAR", "en-AE", "EU", ("en-SA", "ar-SA")),
        Marketplace("EG", "www.amazon.eg", "EGP", "en-AE", "EU", ("en-EG", "ar-EG")),
        Marketplace("IN", "www.amazon.in", "INR", "en-IN", "EU", ("en-IN", "hi-IN", "hi")),
        Marketplace("JP", "www.amazon.co.jp", "JPY", "ja-JP", "FE", ("ja-JP", "ja")),
        Marketplace("AU", "www.amazon.com.au", "AUD", "en-AU", "FE", ("en-AU", "en-NZ")),
        Marketplace("SG", "www.amazon.sg", "SGD", "en-SG", "FE", ("en-SG",)),
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

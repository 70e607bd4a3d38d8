"""The Associates disclosure each store's programme requires, in its own words.

Each programme's operating agreement fixes the sentence a site must show; it is legal
wording, so it is kept here verbatim rather than translated. The sources are the
programmes' operating agreements as of 2026; re-check each against the live agreement
before launch. A store not listed shows the Amazon.com sentence, which the English
programmes share.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Disclosure:
    text: str
    source: str


ENGLISH = "As an Amazon Associate I earn from qualifying purchases."

DISCLOSURES: dict[str, Disclosure] = {
    "US": Disclosure(ENGLISH, "https://affiliate-program.amazon.com/help/operating/agreement"),
    "UK": Disclosure(ENGLISH, "https://affiliate-program.amazon.co.uk/help/operating/agreement"),
    "CA": Disclosure(ENGLISH, "https://associates.amazon.ca/help/operating/agreement"),
    "AU": Disclosure(ENGLISH, "https://affiliate-program.amazon.com.au/help/operating/agreement"),
    "IN": Disclosure(ENGLISH, "https://affiliate.amazon.in/help/operating/agreement"),
    "DE": Disclosure(
        "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.",
        "https://partnernet.amazon.de/help/operating/agreement",
    ),
    "FR": Disclosure(
        "En tant que Partenaire Amazon, je réalise un bénéfice sur les achats remplissant "
        "les conditions requises.",
        "https://partenaires.amazon.fr/help/operating/agreement",
    ),
    "IT": Disclosure(
        "In qualità di Affiliato Amazon, io ricevo un guadagno dagli acquisti idonei.",
        "https://programma-affiliazione.amazon.it/help/operating/agreement",
    ),
    "ES": Disclosure(
        "En calidad de Afiliado de Amazon, obtengo ingresos por las compras adscritas que "
        "cumplen los requisitos aplicables.",
        "https://afiliados.amazon.es/help/operating/agreement",
    ),
}


def disclosure(code: str) -> str:
    """The sentence a page of store `code` must carry."""
    found = DISCLOSURES.get(code)
    return found.text if found else ENGLISH

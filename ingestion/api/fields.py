"""Body fields whose rule depends on the stores carried: a store, and an import entry.

A watchlist or an import of a store outside AMAZON_MARKETPLACES could never run, so it is
refused; the schema's enum and pattern say which stores and entries a body may name, read
from the settings when the schema is generated, as the fields read them for each request.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from config.api.fields import WHITESPACE, JsonCharField
from ingestion.asins import MAX_ENTRY_LENGTH, STORE_SUBDOMAINS, InvalidEntry, parse_entry
from products.marketplaces import MARKETPLACES

# Named apart from the enum of every store (MarketplaceEnum), which other fields use.
ENUM_NAME = "CarriedMarketplaceEnum"


class CarriedMarketplaceField(serializers.ChoiceField):
    """One of AMAZON_MARKETPLACES; another store is a 400 that lists the carried ones."""

    def __init__(self, **kwargs: Any) -> None:
        carried = ", ".join(settings.AMAZON_MARKETPLACES)
        refusal = f"The store {{input}} is not carried (AMAZON_MARKETPLACES: {carried})."
        kwargs.setdefault("error_messages", {"invalid_choice": refusal})
        super().__init__(choices=list(settings.AMAZON_MARKETPLACES), **kwargs)


class CarriedMarketplaceFieldExtension(OpenApiSerializerFieldExtension):
    """A component of its own: the enum hook would merge it with every other `marketplace`."""

    target_class = CarriedMarketplaceField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        component = ResolvedComponent(
            name=ENUM_NAME,
            type=ResolvedComponent.SCHEMA,
            object=ENUM_NAME,
            schema={
                "type": "string",
                "enum": list(settings.AMAZON_MARKETPLACES),
                "description": "A store the catalogue carries (AMAZON_MARKETPLACES).",
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _any_case(word: str) -> str:
    # JSON Schema patterns have no flags: each letter is spelled in both cases.
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


# Amazon's product paths, as ingestion.asins.PRODUCT_PATH reads them.
_PRODUCT_PATHS = (
    *("dp", "dp/product", "gp/product", "gp/aw/d"),
    *("exec/obidos/asin", "exec/obidos/tg/detail/-", "o/asin"),
)
# URL text with no whitespace or NUL, and no `?` or `#` where the path goes on. (A lone
# surrogate, refused too, is no Unicode text at all: I-JSON, RFC 7493, excludes it.)
_URL_TEXT = f"[^{WHITESPACE}\\x00]"
_PATH_TEXT = f"[^{WHITESPACE}?#\\x00]"


def entry_pattern() -> str:
    """An ASIN, or a product URL of a carried store (scheme optional, no user or port)."""
    hosts = "|".join(
        re.escape(MARKETPLACES[code].host.removeprefix("www."))
        for code in settings.AMAZON_MARKETPLACES
    )
    subdomains = "|".join(re.escape(prefix) for prefix in STORE_SUBDOMAINS)
    paths = "|".join(_any_case(path) for path in _PRODUCT_PATHS)
    url = (
        f"(?:{_any_case('http')}[sS]?://)?(?:{subdomains})?(?:{hosts})"
        f"(?:/{_PATH_TEXT}*)?/(?:{paths})/[A-Za-z0-9]{{10}}(?:[/?#]{_URL_TEXT}*)?"
    )
    return f"^[{WHITESPACE}]*(?:[A-Za-z0-9]{{10}}|{url})[{WHITESPACE}]*$"


class ImportEntryField(JsonCharField):
    """An ASIN or a product URL of a carried store, as entry_pattern() states it."""

    default_error_messages = {
        "unstated": (
            "Give the product URL as https://www.amazon…/dp/ASIN, without a user name, a port "
            "or spaces."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=MAX_ENTRY_LENGTH, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        text: str = super().to_internal_value(data)
        # The parser's own message says what is wrong (a short link, another store).
        try:
            parse_entry(
                text,
                default_marketplace=settings.AMAZON_MARKETPLACES[0],
                allowed_marketplaces=settings.AMAZON_MARKETPLACES,
            )
        except InvalidEntry as error:
            raise serializers.ValidationError(str(error), code="invalid") from None
        # What it reads beyond the pattern is refused too, so the schema states every entry
        # that is accepted.
        if not re.fullmatch(entry_pattern(), data):
            self.fail("unstated")
        return text


class ImportEntryFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ImportEntryField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "maxLength": MAX_ENTRY_LENGTH, "pattern": entry_pattern()}

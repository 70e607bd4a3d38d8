"""The click beacon: the storefront's script reports a followed Amazon link here."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from config.api.throttling import WindowThrottle
from config.security.client_address import client_address
from config.security.text_rules import is_ascii_number
from products.clicks.services import click_record
from products.collections.models import Collection
from products.marketplaces import MARKETPLACES
from products.models import asin_validator
from products.selectors import products_published

# A beacon is three short fields (about 60 bytes); anything much larger is not ours.
MAX_BEACON_BYTES = 512

# Crawlers that run scripts would otherwise be counted as shoppers; those that name
# themselves in their user agent are answered as usual but not counted.
BOT_USER_AGENT = re.compile(r"bot|crawl|spider|slurp|facebookexternalhit|preview", re.IGNORECASE)


class BeaconTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = f"A click beacon is at most {MAX_BEACON_BYTES} bytes."
    default_code = "too_large"


class ClickThrottle(WindowThrottle):
    """The API's anonymous limit per client address, on a counter of its own.

    The address is only counted (in the cache, for one window), never stored with a click.
    """

    scope = "clicks"

    def identity(self, request: Request) -> str | None:
        return client_address(request._request)


class ClickSerializer(serializers.Serializer[dict[str, Any]]):
    marketplace = serializers.CharField(max_length=2)
    asin = serializers.CharField(max_length=10, validators=[asin_validator])
    collection = serializers.CharField(max_length=80, required=False, allow_blank=True)

    def validate_marketplace(self, value: str) -> str:
        code = value.upper()
        if code not in MARKETPLACES:
            raise serializers.ValidationError(f"Unknown store {value!r}.")
        return code

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        product = (
            products_published()
            .filter(marketplace=data["marketplace"], asin=data["asin"])
            .values_list("pk", flat=True)
            .first()
        )
        if product is None:
            raise serializers.ValidationError(
                {"asin": f"No product {data['asin']} in the {data['marketplace']} store."}
            )
        data["product_id"] = product
        data["collection_id"] = None
        if data.get("collection"):
            collection = (
                Collection.objects.filter(
                    published=True, slug=data["collection"], marketplace=data["marketplace"]
                )
                .values_list("pk", flat=True)
                .first()
            )
            if collection is None:
                raise serializers.ValidationError(
                    {"collection": f"No collection {data['collection']!r} in this store."}
                )
            data["collection_id"] = collection
        return data


class ClickBeaconView(APIView):
    """POST marketplace, asin and optionally collection (form-encoded): 204 once counted.

    CSRF-exempt (APIView is, and no authentication class enforces it): navigator.sendBeacon
    cannot add a header or a token, and the pages carrying the links are cached whole for
    every anonymous visitor, so they could not hold a per-visitor token anyway. Nothing here
    acts for a signed-in user; the worst a forged request can do is add a click, which the
    per-address limit bounds.
    """

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    throttle_classes: list[type[BaseThrottle]] = [ClickThrottle]
    parser_classes = [FormParser]
    # Not part of the public API's schema: only the storefront's script calls it.
    schema = None

    def post(self, request: Request) -> Response:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not is_ascii_number(length) or int(length) > MAX_BEACON_BYTES:
            raise BeaconTooLarge()
        serializer = ClickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not BOT_USER_AGENT.search(request.META.get("HTTP_USER_AGENT", "")):
            click_record(
                product_id=serializer.validated_data["product_id"],
                collection_id=serializer.validated_data["collection_id"],
                day=timezone.now().date(),
            )
        return Response(status=204)

"""Ingestion runs, watchlists and imports as the staff API shows and accepts them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

from config.api.fields import JsonCharField
from ingestion.api.fields import CarriedMarketplaceField, ImportEntryField
from ingestion.forms import MAX_IMPORT_ENTRIES
from ingestion.models import RUN_COUNTERS, WATCHLIST_FIELDS, IngestionRun, Watchlist

Data = dict[str, Any]


def _absolute(serializer: serializers.BaseSerializer[Any], name: str, pk: int) -> str:
    path = reverse(f"ingestion-api:{name}", kwargs={"pk": pk})
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class RequestedItemSerializer(serializers.Serializer[Data]):
    marketplace = serializers.CharField()
    asin = serializers.CharField()


class RunErrorSerializer(serializers.Serializer[Data]):
    item = serializers.CharField(default="")
    code = serializers.CharField(default="")
    message = serializers.CharField(default="")


class RefusedEntrySerializer(serializers.Serializer[Data]):
    entry = serializers.CharField(default="")
    message = serializers.CharField(default="")


class IngestionRunSerializer(serializers.ModelSerializer[IngestionRun]):
    url = serializers.SerializerMethodField()
    requested = serializers.SerializerMethodField()
    # DRF moves declared fields off the class, so this name does not hide `.errors`.
    errors = RunErrorSerializer(many=True, read_only=True)  # type: ignore[assignment]
    refused = RefusedEntrySerializer(many=True, read_only=True)

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "url",
            "kind",
            "status",
            "description",
            "watchlist",
            "requested",
            "queued_at",
            "started_at",
            "finished_at",
            *RUN_COUNTERS,
            "errors",
            "refused",
            "message",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, run: IngestionRun) -> str:
        return _absolute(self, "run-detail", run.pk)

    @extend_schema_field(RequestedItemSerializer(many=True))
    def get_requested(self, run: IngestionRun) -> list[Data]:
        pairs = run.requested if isinstance(run.requested, list) else []
        return [
            {"marketplace": str(pair[0]), "asin": str(pair[1])}
            for pair in pairs
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]


class JsonBooleanField(serializers.BooleanField):
    """`true` or `false` as JSON writes them; DRF's own also takes 0, 1, "yes" and "on",
    which the schema (a boolean) does not allow."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class NothingToSearchBy(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    # The field the error body names, as a 400 would.
    field = "keywords"


class WatchlistSerializer(serializers.ModelSerializer[Watchlist]):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: JsonCharField,
    }
    url = serializers.SerializerMethodField()
    marketplace = CarriedMarketplaceField(required=False)
    active = JsonBooleanField(required=False)

    class Meta:
        model = Watchlist
        fields = [
            "id",
            "url",
            *WATCHLIST_FIELDS,
            "last_run",
            "created_at",
        ]
        read_only_fields = ["id", "url", "last_run", "created_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, watchlist: Watchlist) -> str:
        return _absolute(self, "watchlist-detail", watchlist.pk)

    def validate(self, attrs: Data) -> Data:
        """The model's own rule (keywords, a browse node or a search index), as in the admin.

        A full body (create, PUT) must keep it on its own, as the schema says, or it is a
        400, even where the stored watchlist would supply what it leaves out; a partial
        update that breaks it only with the stored values is a 409, a conflict with them.
        """
        values = {**self._current_values(), **attrs} if self.partial else attrs
        candidate = Watchlist(**values)
        try:
            candidate.clean()
        except DjangoValidationError as error:
            if self.partial and set(error.message_dict) == {"keywords"}:
                raise NothingToSearchBy(error.message_dict["keywords"][0]) from None
            raise serializers.ValidationError(error.message_dict) from None
        return attrs

    def _current_values(self) -> Data:
        if self.instance is None:
            return {}
        names = ("name", "marketplace", "keywords", "browse_node_id", "search_index", "pages")
        return {name: getattr(self.instance, name) for name in names}


class ImportSerializer(serializers.Serializer[Data]):
    """ASINs or Amazon product URLs; all must be valid, or nothing is queued."""

    entries = serializers.ListField(
        child=ImportEntryField(),
        min_length=1,
        max_length=MAX_IMPORT_ENTRIES,
        help_text="ASINs or Amazon product URLs (a URL's store comes from its address).",
    )
    marketplace = CarriedMarketplaceField(
        required=False,
        help_text="The store of bare ASINs; the first carried store when left out.",
    )

    def validate(self, attrs: Data) -> Data:
        attrs.setdefault("marketplace", settings.AMAZON_MARKETPLACES[0])
        return attrs

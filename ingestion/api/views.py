"""Staff endpoints: ingestion runs (read), watchlists (read and write) and imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import DjangoModelPermissions, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from config.api.pagination import KeysetPagination, Ordering, SortKey
from ingestion.api.filters import IngestionRunFilter, WatchlistFilter
from ingestion.api.serializers import ImportSerializer, IngestionRunSerializer, WatchlistSerializer
from ingestion.imports import import_run_create
from ingestion.models import IngestionRun, Watchlist
from ingestion.tasks import items_import

# Staff, and for writes the same model permissions the admin asks for.
STAFF = [IsAdminUser, DjangoModelPermissions]

RUN_ORDERINGS = {
    "newest": Ordering(
        "newest",
        (SortKey("queued_at", datetime, descending=True), SortKey("id", int, descending=True)),
        description="most recently queued first",
    )
}
WATCHLIST_ORDERINGS = {
    "name": Ordering("name", (SortKey("name", str), SortKey("id", int)), description="by name")
}


class IngestionRunViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet[IngestionRun]
):
    """What ingestion did: counts, API requests, per-item errors and refused entries."""

    queryset = IngestionRun.objects.select_related("watchlist")
    serializer_class = IngestionRunSerializer
    filterset_class = IngestionRunFilter
    pagination_class = KeysetPagination
    permission_classes = [IsAdminUser]
    orderings = RUN_ORDERINGS
    error_statuses = (403,)

    def default_ordering(self, request: Request) -> str:
        return "newest"


class WatchlistViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    GenericViewSet[Watchlist],
):
    """Standing searches that active runs read daily (keywords, browse node, search index)."""

    queryset = Watchlist.objects.select_related("last_run")
    serializer_class = WatchlistSerializer
    filterset_class = WatchlistFilter
    pagination_class = KeysetPagination
    permission_classes = STAFF
    orderings = WATCHLIST_ORDERINGS
    error_statuses = (403,)
    # A partial update may leave nothing to search by, which only the stored watchlist shows.
    action_error_statuses = {"partial_update": (409,)}

    def default_ordering(self, request: Request) -> str:
        return "name"


class ImportView(APIView):
    """Queue an import of ASINs or Amazon product URLs; answers 202 with the run to poll.

    Any invalid entry refuses the whole request (400, one error per entry, e.g. `entries[2]`)
    and queues nothing, so a program can fix its list and send it again.
    """

    permission_classes = [IsAdminUser]
    error_statuses = (403,)
    # The admin's import asks for the same permission: it creates products.
    required_permission = "products.add_product"

    def get_serializer(self, *args: Any, **kwargs: Any) -> ImportSerializer:
        return ImportSerializer(*args, **kwargs)

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not request.user.has_perm(self.required_permission):
            self.permission_denied(request, "Importing needs the permission to add products.")

    @extend_schema(
        request=ImportSerializer,
        responses={202: OpenApiResponse(IngestionRunSerializer, description="Queued.")},
    )
    def post(self, request: Request) -> Response:
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run, _ = import_run_create(
            serializer.validated_data["entries"],
            marketplace=serializer.validated_data["marketplace"],
            description="Import through the API",
        )
        if run is None:
            # Unreachable after validation, but an import must never claim a run it lacks.
            raise AssertionError("validated entries produced no run")
        # Sent once the run row is committed, so the worker always finds it.
        transaction.on_commit(lambda: items_import.delay(run.pk))
        data = IngestionRunSerializer(run, context={"request": request}).data
        location = request.build_absolute_uri(reverse("ingestion-api:run-detail", args=[run.pk]))
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

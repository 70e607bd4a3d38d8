"""Read-only collection endpoints: public, throttled and cached like the rest of the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer
from rest_framework.viewsets import GenericViewSet

from config.api.filters import StrictChoiceFilter, StrictFilterSet
from config.api.pagination import KeysetPagination, Ordering, SortKey
from products.api.caching import Shown, keys_of, shared_response, shown_page
from products.collections.api.serializers import CollectionDetailSerializer, CollectionSerializer
from products.collections.models import Collection
from products.collections.selectors import (
    collection_for_page,
    collection_products,
    collections_published,
)
from products.marketplaces import MARKETPLACE_CHOICES
from products.models import Category

COLLECTION_ORDERINGS = {
    "title": Ordering(
        "title", (SortKey("title", str), SortKey("id", int)), description="by title (the default)"
    )
}


class CollectionFilter(StrictFilterSet):
    marketplace = StrictChoiceFilter(choices=MARKETPLACE_CHOICES, help_text="Store code.")

    class Meta:
        model = Collection
        fields = ["marketplace"]


class CollectionViewSet(GenericViewSet[Collection]):
    """Published collections; a collection's products are its published ones, in its order."""

    filterset_class = CollectionFilter
    pagination_class = KeysetPagination
    permission_classes = [AllowAny]
    orderings = COLLECTION_ORDERINGS
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Collection]:
        return collections_published()

    def get_serializer_class(self) -> type[BaseSerializer[Collection]]:
        return CollectionDetailSerializer if self.action == "retrieve" else CollectionSerializer

    def default_ordering(self, request: Request) -> str:
        return "title"

    def list(self, request: Request) -> HttpResponseBase:
        return shared_response(request, lambda: shown_page(self), ttl=settings.CACHE_SEARCH_TTL)

    @extend_schema(parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)])
    def retrieve(self, request: Request, slug: str) -> HttpResponseBase:
        def shown() -> Shown:
            collection = collection_for_page(slug=slug)
            if collection is None:
                raise NotFound(f"No published collection {slug!r}.")
            products = collection_products(collection)
            prefetch_related_objects(products, _categories_in_tree_order())
            collection.products = products  # type: ignore[attr-defined]
            return Shown(
                self.get_serializer(collection).data,
                [p.price_as_of for p in products],
                keys=keys_of([collection, *products]),
            )

        return shared_response(request, shown, ttl=settings.CACHE_SEARCH_TTL)


def _categories_in_tree_order() -> Prefetch[Any]:
    return Prefetch("categories", queryset=Category.objects.order_by("marketplace", "path", "id"))

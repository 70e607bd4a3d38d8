"""Read-only catalogue endpoints: products, their price history, and the browse-node tree."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from config.api.pagination import KeysetPagination
from products.api.caching import (
    Shown,
    keys_of,
    product_last_modified,
    shared_response,
    shown_page,
)
from products.api.filters import CategoryFilter, PriceHistoryFilter, ProductFilter
from products.api.orderings import CATEGORY_ORDERINGS, OBSERVATION_ORDERINGS, PRODUCT_ORDERINGS
from products.api.permissions import PriceHistoryVisible
from products.api.selectors import (
    categories_all,
    category_detail,
    category_product_count,
    observations_of,
    product_visible,
    products_visible,
)
from products.api.serializers import (
    CategoryDetailSerializer,
    CategorySerializer,
    PriceObservationSerializer,
    ProductSerializer,
)
from products.marketplaces import MARKETPLACES
from products.models import Category, PriceObservation, Product

MARKETPLACE_PATH = OpenApiParameter(
    "marketplace", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(MARKETPLACES)
)
PRODUCT_PATH = [
    MARKETPLACE_PATH,
    OpenApiParameter("asin", OpenApiTypes.STR, OpenApiParameter.PATH, pattern="^[A-Za-z0-9]{10}$"),
]
CONDITIONAL_HEADERS = [
    OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]),
    OpenApiParameter(
        "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]
    ),
]


class ProductViewSet(GenericViewSet[Product]):
    """Products, published ones only unless you are staff. Prices older than 24 h are null."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    pagination_class = KeysetPagination
    # Read-only: the views define GET alone, so other methods are 405s, for anyone.
    permission_classes = [AllowAny]
    orderings = PRODUCT_ORDERINGS

    def get_queryset(self) -> Any:
        return products_visible(self.request)

    def default_ordering(self, request: Request) -> str:
        return "relevance" if request.query_params.get("search", "").strip() else "newest"

    def list(self, request: Request) -> HttpResponseBase:
        return shared_response(request, lambda: shown_page(self), ttl=settings.CACHE_SEARCH_TTL)

    @extend_schema(
        parameters=[*PRODUCT_PATH, *CONDITIONAL_HEADERS],
        responses={
            200: ProductSerializer,
            304: OpenApiResponse(description="Not modified since If-None-Match/-Modified-Since."),
        },
    )
    def retrieve(self, request: Request, marketplace: str, asin: str) -> HttpResponseBase:
        def record() -> Shown:
            product = _visible_or_404(request, marketplace, asin)
            return Shown(
                self.get_serializer(product).data,
                [product.price_as_of],
                last_modified=product_last_modified(product),
                keys=keys_of([product]),
            )

        return shared_response(request, record, ttl=settings.CACHE_PRODUCT_TTL)


class PriceHistoryView(GenericAPIView[PriceObservation]):
    """A product's price and availability changes (staff only when PRICE_HISTORY_PUBLIC is off)."""

    serializer_class = PriceObservationSerializer
    filterset_class = PriceHistoryFilter
    pagination_class = KeysetPagination
    permission_classes = [PriceHistoryVisible]
    orderings = OBSERVATION_ORDERINGS
    error_statuses = (403,)
    queryset = PriceObservation.objects.none()

    def default_ordering(self, request: Request) -> str:
        return "oldest"

    def get_queryset(self) -> Any:
        return observations_of(self.product)

    @extend_schema(parameters=PRODUCT_PATH, responses=PriceObservationSerializer(many=True))
    def get(self, request: Request, marketplace: str, asin: str) -> HttpResponseBase:
        # Only a visible product's history is cached, and hiding it moves its version: a
        # hit needs no database.
        def history() -> Shown:
            self.product = _visible_or_404(request, marketplace, asin)
            return shown_page(self)

        return shared_response(request, history, ttl=settings.CACHE_PRODUCT_TTL)


class CategoryViewSet(GenericViewSet[Category]):
    """The browse-node tree of each store."""

    filterset_class = CategoryFilter
    pagination_class = KeysetPagination
    permission_classes = [AllowAny]
    orderings = CATEGORY_ORDERINGS

    def get_queryset(self) -> Any:
        return categories_all()

    def get_serializer_class(self) -> type[BaseSerializer[Category]]:
        return CategoryDetailSerializer if self.action == "retrieve" else CategorySerializer

    def default_ordering(self, request: Request) -> str:
        return "tree"

    def list(self, request: Request) -> HttpResponseBase:
        return shared_response(request, lambda: shown_page(self), ttl=settings.CACHE_SEARCH_TTL)

    @extend_schema(
        parameters=[
            MARKETPLACE_PATH,
            OpenApiParameter("node_id", OpenApiTypes.STR, OpenApiParameter.PATH),
        ]
    )
    def retrieve(self, request: Request, marketplace: str, node_id: str) -> HttpResponseBase:
        def node() -> Shown:
            category = category_detail(marketplace=marketplace, node_id=node_id)
            if category is None:
                raise NotFound(f"No category {node_id} in the {marketplace} store.")
            context = {
                **self.get_serializer_context(),
                "product_count": category_product_count(request, category),
            }
            return Shown(
                CategoryDetailSerializer(category, context=context).data,
                keys=keys_of([category]),
            )

        return shared_response(request, node, ttl=settings.CACHE_PRODUCT_TTL)


class ApiRootView(APIView):
    """Where to start: the catalogue's collections and the API's documentation."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        names = {
            "products": "api:product-list",
            "categories": "api:category-list",
            "collections": "api:collection-list",
            "schema": "api-schema",
            "docs": "api-docs",
        }
        return Response({key: request.build_absolute_uri(reverse(n)) for key, n in names.items()})


def _visible_or_404(request: Request, marketplace: str, asin: str) -> Product:
    product = product_visible(request, marketplace=marketplace, asin=asin)
    if product is None:
        raise NotFound(f"No product {asin} in the {marketplace} store.")
    return product

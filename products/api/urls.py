"""Catalogue routes under /api/v1/; a product is addressed by its store and ASIN."""

from django.urls import include, path

from products.api.views import ApiRootView, CategoryViewSet, PriceHistoryView, ProductViewSet

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("products/", ProductViewSet.as_view({"get": "list"}), name="product-list"),
    path(
        "products/<str:marketplace>/<str:asin>/",
        ProductViewSet.as_view({"get": "retrieve"}),
        name="product-detail",
    ),
    path(
        "products/<str:marketplace>/<str:asin>/prices/",
        PriceHistoryView.as_view(),
        name="product-prices",
    ),
    path("categories/", CategoryViewSet.as_view({"get": "list"}), name="category-list"),
    path(
        "categories/<str:marketplace>/<str:node_id>/",
        CategoryViewSet.as_view({"get": "retrieve"}),
        name="category-detail",
    ),
    path("", include("products.collections.api.urls")),
]

"""Collection routes, included in the catalogue API's namespace (`api:collection-list`)."""

from django.urls import path

from products.collections.api.views import CollectionViewSet

urlpatterns = [
    path("collections/", CollectionViewSet.as_view({"get": "list"}), name="collection-list"),
    path(
        "collections/<slug:slug>/",
        CollectionViewSet.as_view({"get": "retrieve"}),
        name="collection-detail",
    ),
]

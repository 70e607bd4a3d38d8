"""Staff routes under /api/v1/."""

from django.urls import path

from ingestion.api.views import ImportView, IngestionRunViewSet, WatchlistViewSet

app_name = "ingestion-api"

urlpatterns = [
    path("runs/", IngestionRunViewSet.as_view({"get": "list"}), name="run-list"),
    path("runs/<int:pk>/", IngestionRunViewSet.as_view({"get": "retrieve"}), name="run-detail"),
    path(
        "watchlists/",
        WatchlistViewSet.as_view({"get": "list", "post": "create"}),
        name="watchlist-list",
    ),
    path(
        "watchlists/<int:pk>/",
        WatchlistViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
        ),
        name="watchlist-detail",
    ),
    path("imports/", ImportView.as_view(), name="import"),
]

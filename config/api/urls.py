"""The API router: every app's routes under /api/v1/, the schema and its documentation."""

from django.urls import include, path, re_path

from config.api.exceptions import api_not_found
from config.security.api_docs import RedocView, SchemaView, SwaggerView

urlpatterns = [
    path("v1/", include("products.api.urls")),
    path("v1/", include("ingestion.api.urls")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    re_path(r"", api_not_found),
]

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from config.security.api_docs import RedocView, SwaggerView
from products.api.exceptions import api_not_found
from products.urls import seo_urlpatterns

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("products.api.urls")),
    path("api/v1/", include("ingestion.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/docs/redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    re_path(r"^api/", api_not_found),
    path("alerts/", include("products.alerts.urls")),
    path("beacon/", include("products.clicks.urls")),
    path("collections/", include("products.collections.urls")),
    path("", include("products.urls")),
    *seo_urlpatterns,
]

handler500 = "config.ops.server_error.server_error"

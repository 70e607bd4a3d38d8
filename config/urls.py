from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from products.urls import seo_urlpatterns

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("config.api.urls")),
    path("alerts/", include("products.alerts.urls")),
    path("beacon/", include("products.clicks.urls")),
    path("collections/", include("products.collections.urls")),
    path("", include("products.urls")),
    *seo_urlpatterns,
]

handler500 = "config.ops.server_error.server_error"

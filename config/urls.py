from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from products.branding import brand_css_view, favicon_ico, favicon_view
from products.urls import seo_urlpatterns

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("config.api.urls")),
    path("alerts/", include("products.alerts.urls")),
    path("beacon/", include("products.clicks.urls")),
    path("collections/", include("products.collections.urls")),
    path("brand-<str:digest>.css", brand_css_view, name="brand-css"),
    path("favicon-<str:digest>.svg", favicon_view, name="brand-favicon"),
    path("favicon.ico", favicon_ico, name="favicon"),
    path("", include("products.urls")),
    *seo_urlpatterns,
]

handler500 = "config.ops.server_error.server_error"

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from products.urls import seo_urlpatterns

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("products.urls")),
    *seo_urlpatterns,
]

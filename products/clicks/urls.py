from django.urls import path

from products.clicks.views import ClickBeaconView

app_name = "clicks"

urlpatterns = [path("click/", ClickBeaconView.as_view(), name="beacon")]

from django.urls import path

from products.collections.views import collection_compare, collection_detail, collection_index

app_name = "collections"

urlpatterns = [
    path("", collection_index, name="index"),
    path("<slug:slug>/", collection_detail, name="detail"),
    path("<slug:slug>/compare/", collection_compare, name="compare"),
]

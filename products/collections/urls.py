from django.urls import path

from products.collections.views import collection_compare, collection_detail, collections_redirect

app_name = "collections"

urlpatterns = [
    # Each store lists its own collections at /<store>/collections/.
    path("", collections_redirect, name="index"),
    path("<slug:slug>/", collection_detail, name="detail"),
    path("<slug:slug>/compare/", collection_compare, name="compare"),
]

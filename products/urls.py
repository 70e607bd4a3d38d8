from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter
from django.views.decorators.cache import cache_page

from products.collections.views import collection_index
from products.site_pages.views import site_page
from products.stores import StoreConverter
from products.views.category import category
from products.views.home import home, home_redirect, search_redirect
from products.views.lists import deals
from products.views.product import product
from products.views.search import search
from products.views.seo import SITEMAPS, robots_txt
from products.views.store import store_set, store_switch
from products.views.suggest import suggest

app_name = "products"

register_converter(StoreConverter, "store")

# Sitemaps change slowly and are costly on a large catalogue: an hour of caching.
SITEMAP_CACHE = 3600

# The store is in every page's URL, so a page's bytes depend on its URL alone and a shared
# cache may keep it; only `/` (and the store-less search address) choose a store per visitor.
urlpatterns = [
    path("", home_redirect, name="start"),
    path("search/", search_redirect, name="search-start"),
    path("store/", store_switch, name="store"),
    path("store/<store:marketplace>/", store_set, name="store-set"),
    path("<store:marketplace>/", home, name="home"),
    path("<store:marketplace>/search/", search, name="search"),
    path("<store:marketplace>/search/suggest/", suggest, name="suggest"),
    path("<store:marketplace>/collections/", collection_index, name="collections"),
    path("<store:marketplace>/deals/", deals, name="deals"),
    path("<store:marketplace>/pages/<slug:slug>/", site_page, name="site-page"),
    re_path(
        r"^c/(?P<marketplace>[a-z]{2})/(?P<node_id>[0-9]{1,32})-(?P<slug>[-\w]*)/$",
        category,
        name="category",
    ),
    re_path(
        r"^p/(?P<marketplace>[a-z]{2})/(?P<asin>[A-Za-z0-9]{10})-(?P<slug>[-\w]*)/$",
        product,
        name="product",
    ),
    path("robots.txt", robots_txt, name="robots"),
]

seo_urlpatterns = [
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

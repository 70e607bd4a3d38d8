"""The admin site named after the catalogue, installed as Django's default admin site."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CatalogueAdminSite(admin.AdminSite):
    site_header = "Catalogue administration"
    site_title = "Catalogue admin"
    index_title = "Dashboard"
    # The sidebar takes a quarter of a 1280 px screen from every list; the dashboard and the
    # breadcrumbs link every page instead.
    enable_nav_sidebar = False


class CatalogueAdminConfig(AdminConfig):
    default_site = "config.admin_site.CatalogueAdminSite"

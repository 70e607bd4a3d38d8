"""The admin site named after the catalogue, installed as Django's default admin site."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CatalogueAdminSite(admin.AdminSite):
    site_header = "Catalogue administration"
    site_title = "Catalogue admin"
    index_title = "Dashboard"


class CatalogueAdminConfig(AdminConfig):
    default_site = "config.admin_site.CatalogueAdminSite"

"""The admin site named after the site (SITE_NAME), installed as Django's default admin site."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils import timezone


class CatalogueAdminSite(admin.AdminSite):
    index_title = "Dashboard"
    # The sidebar takes a quarter of a 1280 px screen from every list; the dashboard and the
    # breadcrumbs link every page instead.
    enable_nav_sidebar = False

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        # Read per request, so the name follows SITE_NAME wherever it is set.
        context = super().each_context(request)
        context["site_header"] = f"{settings.SITE_NAME} administration"
        context["site_title"] = f"{settings.SITE_NAME} admin"
        return context

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The index is the dashboard: the catalogue's figures above the list of models."""
        # Imported here: the admin site is built while the apps load.
        from ingestion.dashboard import dashboard

        context = {**(extra_context or {}), "dashboard": dashboard(now=timezone.now())}
        return super().index(request, extra_context=context)


class CatalogueAdminConfig(AdminConfig):
    default_site = "config.admin_site.CatalogueAdminSite"

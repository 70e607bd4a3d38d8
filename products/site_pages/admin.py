from django.contrib import admin

from products.site_pages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "published", "updated_at"]
    list_editable = ["position", "published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug", "body"]

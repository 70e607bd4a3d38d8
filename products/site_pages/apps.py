from django.apps import AppConfig


class SitePagesConfig(AppConfig):
    name = "products.site_pages"
    label = "site_pages"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from products.site_pages import signals  # noqa: F401 (connects the receivers)

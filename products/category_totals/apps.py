from django.apps import AppConfig


class CategoryTotalsConfig(AppConfig):
    name = "products.category_totals"
    label = "category_totals"
    verbose_name = "Category totals"

    def ready(self) -> None:
        from products.category_totals import receivers  # noqa: F401  (connects the receiver)

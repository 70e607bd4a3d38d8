from django.apps import AppConfig


class CategoryTotalsConfig(AppConfig):
    name = "products.category_totals"
    label = "category_totals"
    verbose_name = "Category totals"

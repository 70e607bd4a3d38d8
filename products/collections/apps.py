from django.apps import AppConfig


class CollectionsConfig(AppConfig):
    name = "products.collections"
    label = "collections"
    verbose_name = "Collections"

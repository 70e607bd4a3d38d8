from django.apps import AppConfig


class ClicksConfig(AppConfig):
    name = "products.clicks"
    label = "clicks"
    verbose_name = "Outbound clicks"

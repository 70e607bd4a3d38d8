from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "products.alerts"
    label = "alerts"
    verbose_name = "Price alerts"

    def ready(self) -> None:
        from products.alerts import receivers  # noqa: F401  (connects the catalogue receiver)

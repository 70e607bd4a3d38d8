from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "products.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from products.events import catalogue_events
        from products.webhooks.receivers import queue_webhook_deliveries

        catalogue_events.connect(queue_webhook_deliveries, dispatch_uid="webhooks")

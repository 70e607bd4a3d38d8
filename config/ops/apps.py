from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "config.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Connects the Celery signal handlers that log each task's name, id and outcome.
        from config.ops import task_logging  # noqa: F401

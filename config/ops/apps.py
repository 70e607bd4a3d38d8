from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "config.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Connects the Celery signal handlers that log each task's name, id and outcome.
        from config.ops import task_logging  # noqa: F401
        from config.ops.beat_schedules import schedules_sync_after_migrate

        # Once per migrate, after django-celery-beat's tables: this app has no models, so
        # no post_migrate is sent for it.
        post_migrate.connect(
            schedules_sync_after_migrate,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="beat-schedules-sync",
        )

"""Beat sends due deliveries every minute: retries, and any the broker did not take."""

from typing import Any

from django.db import migrations

SWEEP = {
    "name": "Send due webhook deliveries",
    "task": "webhooks.retry_due_deliveries",
    "every": 60,
    "expire_seconds": 55,
}


def create_schedule(apps: Any, schema_editor: Any) -> None:
    interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    schedule, _ = interval.objects.get_or_create(every=SWEEP["every"], period="seconds")
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name=SWEEP["name"],
        defaults={
            "task": SWEEP["task"],
            "interval": schedule,
            "expire_seconds": SWEEP["expire_seconds"],
        },
    )


def delete_schedule(apps: Any, schema_editor: Any) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]

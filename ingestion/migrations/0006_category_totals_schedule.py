from django.db import migrations

from ingestion.schedules import create_schedules


class Migration(migrations.Migration):
    dependencies = [
        ("ingestion", "0005_alert_and_webhook_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # create_schedules adds only the entries a database does not have yet.
    operations = [migrations.RunPython(create_schedules, migrations.RunPython.noop)]

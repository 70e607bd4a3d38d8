from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ingestion", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # Created the beat schedules once; they are now declared in each app's schedules.py and
    # synced after every migrate (config.ops.beat_schedules). Kept, as an empty step, so
    # databases that applied it and fresh ones share one migration graph.
    operations: list[migrations.operations.base.Operation] = []

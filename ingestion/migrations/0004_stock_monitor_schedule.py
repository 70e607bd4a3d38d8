from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ingestion", "0003_search_words_schedule")]

    # Created the beat schedules once; they are now declared in each app's schedules.py and
    # synced after every migrate (config.ops.beat_schedules). Kept, as an empty step, so
    # databases that applied it and fresh ones share one migration graph.
    operations: list[migrations.operations.base.Operation] = []

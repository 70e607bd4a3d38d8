from django.db import migrations

from ingestion.schedules import create_schedules


class Migration(migrations.Migration):
    dependencies = [("ingestion", "0003_search_words_schedule")]

    # create_schedules adds only the entries a database does not have yet.
    operations = [migrations.RunPython(create_schedules, migrations.RunPython.noop)]

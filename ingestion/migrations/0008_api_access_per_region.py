from django.db import migrations, models


def forget_account_wide_access(apps, schema_editor):
    # The one account-wide row names no region; a credential still refused is recorded
    # again, for its region, by its next call.
    apps.get_model("ingestion", "ApiAccess").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ingestion", "0007_run_task_id")]

    operations = [
        migrations.RunPython(forget_account_wide_access, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="apiaccess",
            options={
                "ordering": ["region"],
                "verbose_name": "API access",
                "verbose_name_plural": "API access",
            },
        ),
        migrations.AddField(
            model_name="apiaccess",
            name="region",
            field=models.CharField(
                choices=[("NA", "North America"), ("EU", "Europe"), ("FE", "Far East")],
                default="NA",
                max_length=2,
                unique=True,
            ),
            preserve_default=False,
        ),
    ]

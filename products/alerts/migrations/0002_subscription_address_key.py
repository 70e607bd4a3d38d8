import hashlib

from django.db import migrations, models


def fill_address_keys(apps, schema_editor):
    Subscription = apps.get_model("alerts", "Subscription")
    for subscription in Subscription.objects.only("pk", "email"):
        Subscription.objects.filter(pk=subscription.pk).update(
            address_key=hashlib.sha256(subscription.email.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="address_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_address_keys, migrations.RunPython.noop),
    ]

from django.db import migrations

from products.search_column import add_search_column, drop_search_column


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial")]

    operations = [migrations.RunPython(add_search_column, drop_search_column)]

from django.db import migrations

from products.search_words import create_search_words, drop_search_words


class Migration(migrations.Migration):
    dependencies = [("products", "0002_search_vector")]

    operations = [migrations.RunPython(create_search_words, drop_search_words)]

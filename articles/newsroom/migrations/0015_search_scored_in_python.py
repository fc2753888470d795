"""The search score is computed by `articles.search.ranking.score()` alone: the vector of exact words goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_page_cache_and_import_apps")]

    operations = [migrations.RemoveField(model_name="article", name="search_exact")]

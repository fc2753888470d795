"""The distinct words of each article with their marks, so that ranking tests an exact word by a substring."""

from django.db import migrations, models

from articles.newsroom.search_columns import marked_words

BATCH = 1000


def fill(apps, schema_editor):
    article_model = apps.get_model("articles", "Article")
    manager = article_model._default_manager.using(schema_editor.connection.alias)
    rows = manager.order_by("pk").values_list("pk", "title", "lead", "body_text")
    batch = []
    for pk, title, lead, text in rows.iterator(chunk_size=BATCH):
        batch.append(article_model(pk=pk, search_marked=marked_words(title, lead, text)))
        if len(batch) == BATCH:
            manager.bulk_update(batch, ["search_marked"])
            batch.clear()
    manager.bulk_update(batch, ["search_marked"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_search_scored_in_python")]

    operations = [
        migrations.AddField(
            model_name="article", name="search_marked", field=models.TextField(blank=True, editable=False)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

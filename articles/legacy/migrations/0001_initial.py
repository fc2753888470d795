"""`LegacyImport`, taken over from the newsroom app with its table (state only: nothing changes in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0014_page_cache_and_import_apps")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LegacyImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("source_fingerprint", models.CharField(max_length=64, verbose_name="dấu vân tay tệp nguồn")),
                        (
                            "written_fingerprint",
                            models.CharField(max_length=64, verbose_name="dấu vân tay nội dung đã ghi"),
                        ),
                        (
                            "imported_at",
                            models.DateTimeField(auto_now=True, db_index=True, verbose_name="lần nhập cuối"),
                        ),
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="legacy_import",
                                to="articles.article",
                                verbose_name="bài viết",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "lần nhập bài cũ",
                        "verbose_name_plural": "lần nhập bài cũ",
                        "db_table": "articles_legacyimport",
                    },
                )
            ]
        )
    ]

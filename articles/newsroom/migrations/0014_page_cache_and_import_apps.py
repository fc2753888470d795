"""Stored article pages go (one page cache is enough); the legacy import's bookkeeping moves to its own app.

Moving `LegacyImport` changes only Django's state: its table keeps its name (`articles_legacyimport`), and
`legacy.0001_initial` takes the model over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_stored_pictures")]

    operations = [
        migrations.DeleteModel(name="RenderedArticlePage"),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="LegacyImport")]),
    ]

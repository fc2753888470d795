"""Captions imported without their picture get a placeholder picture, so that CKEditor can open the article.

The import used to write `<figure class="image-captioned"><figcaption>…</figcaption></figure>`, which CKEditor's
image2 plugin cannot load (articles/newsroom/figures.py). The body changes only by an `<img>`, so the search
columns stay as they are; where the import's record of what it wrote matched the old body, it is brought up to
date, so that a later import still tells the import's own text from an editor's edit.

Frozen copies of the rules (a migration must not follow later code): the placeholder markup and the written
fingerprint (articles/legacy/importing.py) as they are at this migration.
"""

import datetime
import hashlib
import json
import re

from django.db import migrations

PLACEHOLDER_IMG = '<img src="/static/img/anh-con-thieu.svg" alt="">'
FIGURE_RE = re.compile(r"(<figure\b[^>]*>)(.*?)(</figure>)", re.I | re.S)
PICTURE_RE = re.compile(r"<(?:img|picture)\b", re.I)
WRITTEN_FIELDS = ("title", "lead", "body", "source", "published_at", "status")


def with_placeholder_pictures(body: str) -> str:
    def fill(match):
        opening, inside, closing = match.groups()
        if PICTURE_RE.search(inside) or "<figcaption" not in inside.lower():
            return match[0]
        return opening + PLACEHOLDER_IMG + inside + closing

    return FIGURE_RE.sub(fill, body)


def written_fingerprint(values: dict) -> str:
    row = [
        values[name].astimezone(datetime.UTC).isoformat() if name == "published_at" else values[name]
        for name in WRITTEN_FIELDS
    ]
    return hashlib.sha256(json.dumps(row, ensure_ascii=False).encode()).hexdigest()


def add_placeholders(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    LegacyImport = apps.get_model("legacy", "LegacyImport")
    db = schema_editor.connection.alias
    # The ids first: rows are then read and updated in batches, never while a cursor over the table is open.
    ids = list(Article.objects.using(db).filter(body__icontains="<figcaption").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        batch = Article.objects.using(db).filter(pk__in=ids[start : start + 500]).values("pk", *WRITTEN_FIELDS)
        for row in list(batch):
            fixed = with_placeholder_pictures(row["body"])
            if fixed == row["body"]:
                continue
            Article.objects.using(db).filter(pk=row["pk"]).update(body=fixed)
            LegacyImport.objects.using(db).filter(
                article_id=row["pk"], written_fingerprint=written_fingerprint(row)
            ).update(written_fingerprint=written_fingerprint({**row, "body": fixed}))


class Migration(migrations.Migration):
    dependencies = [("legacy", "0001_initial"), ("articles", "0015_search_scored_in_python")]

    operations = [migrations.RunPython(add_placeholders, migrations.RunPython.noop, elidable=True)]

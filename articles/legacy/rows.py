"""Rows the import writes without the ORM's generic machinery: new articles, their links, fingerprints."""

from __future__ import annotations

import functools
from typing import Any, cast

from django.db import connection, connections, models, router
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save

from articles.documents import linking
from articles.documents.models import DocumentMention, NumberSuggestion
from articles.legacy.directory import Directory
from articles.legacy.models import LegacyImport
from articles.legacy.parse import LegacyRecord
from articles.newsroom.models import Article


def insert_new_article(article: Article) -> None:
    """`article.save()` for a new article, as one plain INSERT: the same columns and values (pinned by a test),
    the same `post_save` signal. The ORM's generic INSERT compiler cost the import more than PostgreSQL's work.
    """
    alias = router.db_for_write(Article, instance=article)
    target = connections[alias]
    if not target.features.can_return_columns_from_insert:
        article.save()
        return
    article.prepare_to_save(using=alias)
    columns, values, params = [], [], []
    for model_field in _insert_fields():
        value = model_field.pre_save(article, add=True)
        columns.append(target.ops.quote_name(model_field.column))
        if isinstance(value, RawSQL):  # the search vectors, computed by the database in this INSERT
            values.append(f"({value.sql})")
            params.extend(value.params)
        else:
            values.append("%s")
            # Plain strings, ids and None go to the driver as they are (as in `_Rows.insert`).
            params.append(
                value if value is None or type(value) in (int, str) else model_field.get_db_prep_save(value, target)
            )
    sql = (
        f"INSERT INTO {target.ops.quote_name(Article._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(values)}) RETURNING {target.ops.quote_name(Article._meta.pk.column)}"
    )
    with target.cursor() as cursor:
        cursor.execute(sql, params)
        article.pk = cursor.fetchone()[0]
    article._state.adding = False
    article._state.db = alias
    if isinstance(article.__dict__.get("search_vector"), RawSQL):
        del article.search_vector  # as `save()` leaves it: deferred
    post_save.send(sender=Article, instance=article, created=True, update_fields=None, raw=False, using=alias)


@functools.cache
def _filled_tables() -> tuple[str, ...]:
    links = (Article.programmes, Article.officials, Article.mentioned_agencies, Article.related)
    return (
        Article._meta.db_table,
        LegacyImport._meta.db_table,
        *(link.through._meta.db_table for link in links),
        DocumentMention._meta.db_table,
        NumberSuggestion._meta.db_table,
    )


@functools.cache
def _insert_fields() -> list[models.Field]:
    return [model_field for model_field in Article._meta.concrete_fields if not model_field.primary_key]


def write_links(
    *, article: Article, record: LegacyRecord, directory: Directory, programmes: set[int], fresh: bool, rows: _Rows
) -> None:
    """The article's programmes, officials, mentioned agencies and documents as the record gives them, added to `rows`.

    On an update the old links are removed and the related articles are cleared: `link_related_articles`
    links them again from the record's titles once the whole import is done.
    """
    officials, agencies = directory.mentions(record.mention_text())
    # Documents named by their number: links, or suggestions for an editor (articles/documents/linking.py).
    if not fresh:
        linking.forget_article(article.pk)
    text = linking.article_text(title=record.title, lead=record.lead, body_text=article.body_text)
    for model, values in linking.rows_for_import(
        article_id=article.pk, text=text, article_year=article.local_date.year, index=directory.documents
    ):
        rows.add(model, **values)
    links = [
        (Article.programmes.through, "programme_id", programmes),
        (Article.officials.through, "official_id", officials),
        (Article.mentioned_agencies.through, "agency_id", agencies),
    ]
    if not fresh:
        for through, _, _ in links:
            through._default_manager.filter(article_id=article.pk).delete()
        Article.related.through.objects.filter(from_article_id=article.pk).delete()
    for through, column, ids in links:
        for pk in sorted(ids):
            rows.add(through, article_id=article.pk, **{column: pk})


class _Rows:
    """Rows to insert, as plain multi-row INSERTs sent in one round trip on PostgreSQL.

    For the fingerprint and link rows of one article: `bulk_create` costs more in Python than these few rows cost
    in the database, and on PostgreSQL each statement would otherwise be a round trip.
    """

    def __init__(self) -> None:
        self.tables: dict[tuple[type[models.Model], tuple[str, ...]], list[list[Any]]] = {}

    def add(self, model: type[models.Model], **values: Any) -> None:
        self.tables.setdefault((model, tuple(values)), []).append(list(values.values()))

    def insert(self) -> None:
        quote = connection.ops.quote_name
        statements = []
        for (model, columns), rows in self.tables.items():
            placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
                f"VALUES {', '.join([placeholders] * len(rows))}"
            )
            fields = [cast(models.Field, model._meta.get_field(column)) for column in columns]
            params = [
                # Ids and strings go to the driver as they are; Django's preparation costs more than the insert.
                value if type(value) in (int, str) else field.get_db_prep_save(value, connection)
                for row in rows
                for field, value in zip(fields, row, strict=True)
            ]
            statements.append((sql, params))
        if not statements:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # psycopg2 sends several statements at once
                cursor.execute("; ".join(sql for sql, _ in statements), [p for _, params in statements for p in params])
            else:
                for sql, params in statements:
                    cursor.execute(sql, params)


# --- related articles -------------------------------------------------------------------------------------------

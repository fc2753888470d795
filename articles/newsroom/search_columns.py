"""Derived search columns of an article: plain body text, folded text, PostgreSQL vectors.

Kept apart from `articles.search.ranking` (which queries) so that `Article.save()` and migrations can use it
without importing the models. Both backends read words the same way: `words()` splits NFC text into
lower-case words, `fold()` strips their marks. PostgreSQL gets the words already folded by `fold()` and
indexes them with the `simple` configuration, as the queries are folded by `fold()` too: folding in the
database (the `unaccent` dictionary) cost more than anything else in writing an article's vectors.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.db import connections
from django.db.models.expressions import RawSQL

from articles.newsroom.text import fold, nfc

# The words are folded before they reach PostgreSQL (vectors and queries alike).
SEARCH_CONFIG = "simple"
# Icelandic eth looks like the Vietnamese Đ and is typed by mistake; treat it as Đ.
_ETH_TO_DYET = str.maketrans({"Ð": "Đ", "ð": "đ"})
_WORD_RE = re.compile(r"[^\W_]+")
_BLOCK_END_RE = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/figcaption|/td|/th|/tr|/blockquote|/figure)\b[^>]*>", re.I)
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")
# A tag, with quoted attribute values that may hold a `>`.
_TAG_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
# A tsvector holds at most 1 MB; press releases are far shorter, but a pasted annex must not break saving.
MAX_VECTOR_TEXT = 300_000

VECTOR_SQL = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'A') || setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'B')"
    f" || setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'C')"
)
# Between the title's, the lead's and the body's folded words in `search_folded`.
FIELD_SEPARATOR = "|"


def marked_text(text: str) -> str:
    """Text as its words are compared with their marks: NFC, lower case, `Ð` read as `Đ`."""
    return nfc(text).translate(_ETH_TO_DYET).lower()


def words(text: str) -> list[str]:
    """Lower-case NFC words with their marks: `Đẩy nhanh, dự án!` -> ['đẩy', 'nhanh', 'dự', 'án']."""
    return _WORD_RE.findall(marked_text(text))


def folded_words(text: str) -> list[str]:
    return fold(text).split()


def body_text(body_html: str) -> str:
    """The readable text of a sanitised body: tags dropped, entities decoded, blocks on their own lines.

    The body comes out of the sanitiser (`Article.sanitize()`), so tags are well formed and a `<` in the text is
    `&lt;`: one regex drops them, several times faster than `strip_tags`, which parses any HTML.
    """
    text = html.unescape(_TAG_RE.sub("", _BLOCK_END_RE.sub("\n", body_html or "")))
    lines = (_SPACES_RE.sub(" ", line).strip() for line in nfc(text).splitlines())
    return "\n".join(line for line in lines if line)


# `Article.save()` folds the same three fields for `folded_document` and for `vector_params`; folding a body
# costs more than looking it up.
_fold = functools.lru_cache(maxsize=8)(fold)


def marked_words(title: str, lead: str, text: str) -> str:
    """The distinct words of the three fields with their marks, each wrapped in spaces, so that whether an
    article has a word exactly as typed is a substring test."""
    distinct = dict.fromkeys(words(f"{title}\n{lead}\n{text}"))
    return f" {' '.join(distinct)} "


def folded_document(title: str, lead: str, text: str) -> str:
    """Folded words of the three fields, each wrapped in spaces so `LIKE '% word %'` matches whole words."""
    return f" {FIELD_SEPARATOR} ".join(f" {_fold(part)} " for part in (title, lead, text))


def is_postgresql(connection) -> bool:
    return connection.vendor == "postgresql"


def vector_params(title: str, lead: str, text: str) -> tuple[str, str, str]:
    """The folded words of VECTOR_SQL's three fields."""
    return _fold(title), _fold(lead), _fold(text)[:MAX_VECTOR_TEXT]


def vector_expression(title: str, lead: str, text: str) -> RawSQL:
    """The vector as an SQL expression, so `Article.save()` writes it in its own INSERT or UPDATE.

    Writing it in a second UPDATE made PostgreSQL store every new article twice and update each of its
    indexes twice (the vector column is indexed, so the second version cannot be a HOT update).
    """
    return RawSQL(VECTOR_SQL, vector_params(title, lead, text), output_field=SearchVectorField())


def update_vectors(rows: Iterable[tuple[int, str, str, str]], *, using: str = "default") -> None:
    """Write the vectors (title A, lead B, body C) of (id, title, lead, text) rows."""
    connection = connections[using]
    if not is_postgresql(connection):
        return
    params = [(*vector_params(title, lead, text), pk) for pk, title, lead, text in rows]
    if not params:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE articles_article SET search_vector = {VECTOR_SQL} WHERE id = %s", params)


def rebuild(model, *, using: str = "default", batch_size: int = 500) -> int:
    """Recompute every article's derived columns; `model` may be the historical model of a migration."""
    done = 0
    rows = model._default_manager.using(using).order_by("pk").values_list("pk", "title", "lead", "body")
    batch: list[tuple[int, str, str, str]] = []

    def flush() -> None:
        for pk, title, lead, text in batch:
            model._default_manager.using(using).filter(pk=pk).update(
                body_text=text,
                search_folded=folded_document(title, lead, text),
                search_marked=marked_words(title, lead, text),
            )
        update_vectors(batch, using=using)
        batch.clear()

    for pk, title, lead, body in rows.iterator(chunk_size=batch_size):
        batch.append((pk, title, lead, body_text(body)))
        done += 1
        if len(batch) >= batch_size:
            flush()
    flush()
    return done

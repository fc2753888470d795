"""Writing legacy records into the newsroom: create, update or leave alone, then link related articles.

Each file is one transaction: a file that fails (or an import killed in the middle of it) leaves no partial article,
and running the import again picks up where it stopped, because everything is keyed by the legacy id.
Articles are written through `Article.save()` so that whatever it maintains stays right; only link rows
(many-to-many) are bulk-inserted. The directory (officials, agencies, programmes) is loaded once per import.
"""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import DatabaseError, IntegrityError, connection, connections, models, router, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save
from django.utils import timezone

from articles.legacy.models import LegacyImport
from articles.legacy.parse import REASONS, LegacyFile, LegacyRecord, LegacyRejected
from articles.newsroom.models import Agency, Article, Official, Programme
from articles.newsroom.text import nfc, slug_base
from articles.pagecache.invalidation import content_changed, invalidation_batched

CHUNK_SIZE = 200  # files read, parsed and looked up together; bounds memory whatever the number of files
FIRST_ANALYZE = 500  # new articles written before the first ANALYZE (then each time that number doubles)
WRITE_ATTEMPTS = 3  # a file whose write lost a race with another worker (same slug, same new programme) is retried
LINK_CHUNK_SIZE = 500


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    FAILED = "failed"


@dataclass(slots=True)
class FileResult:
    """What happened to one file. `reason` is a rejection code (`REASONS`) or, for a failure, the error."""

    file_name: str
    legacy_id: str
    outcome: Outcome
    record: LegacyRecord | None = None
    reason: str = ""
    programmes_created: list[str] = field(default_factory=list)  # unknown codes this file created (or would)

    def as_json(self) -> dict[str, Any]:
        """The spec's record, or `{"legacy_id": ..., "error": REASON}` for a rejected file."""
        if self.record is None:
            return {"legacy_id": self.legacy_id, "error": self.reason}
        return self.record.as_dict()


class Problem(NamedTuple):
    file_name: str
    detail: str  # in Vietnamese


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    programmes_created: list[str] = field(default_factory=list)
    related_links: int = 0
    interrupted: bool = False

    def add(self, result: FileResult) -> None:
        self.programmes_created += [code for code in result.programmes_created if code not in self.programmes_created]
        match result.outcome:
            case Outcome.CREATED:
                self.created += 1
            case Outcome.UPDATED:
                self.updated += 1
            case Outcome.UNCHANGED:
                self.unchanged += 1
            case Outcome.REJECTED:
                self.rejected.append(Problem(result.file_name, REASONS[result.reason]))
            case Outcome.FAILED:
                self.failed.append(Problem(result.file_name, result.reason))
            case Outcome.CONFLICT:
                self.conflicts.append(Problem(result.file_name, result.reason))

    @property
    def has_errors(self) -> bool:
        return bool(self.rejected or self.failed)


# --- fingerprints -----------------------------------------------------------------------------------------------

WRITTEN_FIELDS = ("title", "lead", "body", "source", "published_at", "status")


def written_fingerprint(article: Article) -> str:
    """A hash of the article fields the import writes, as they are now: differs once an editor changed one."""
    values = [
        article.published_at.astimezone(datetime.UTC).isoformat() if name == "published_at" else getattr(article, name)
        for name in WRITTEN_FIELDS
    ]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


# --- the directory ----------------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(nfc(name).split()).lower()


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex alternative for many names, sharing prefixes so that matching stays fast for a big directory."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@dataclass
class Directory:
    """Officials and agencies by name (and alias), programmes by code; loaded once, matched without queries."""

    officials: dict[str, list[int]]
    agencies: dict[str, list[int]]
    programmes: dict[str, int]
    pattern: re.Pattern[str] | None

    @classmethod
    def load(cls) -> Directory:
        officials: dict[str, list[int]] = {}
        for pk, full_name in Official.objects.values_list("pk", "full_name"):
            if key := _name_key(full_name):
                officials.setdefault(key, []).append(pk)
        agencies: dict[str, list[int]] = {}
        for agency in Agency.objects.only("pk", "name", "aliases"):
            for name in {agency.name, *agency.alias_list}:
                if (key := _name_key(name)) and agency.pk not in agencies.get(key, []):
                    agencies.setdefault(key, []).append(agency.pk)
        programmes = dict(Programme.objects.values_list("code", "pk"))
        names = officials.keys() | agencies.keys()
        pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(names)})(?!\w)", re.IGNORECASE) if names else None
        return cls(officials=officials, agencies=agencies, programmes=programmes, pattern=pattern)

    def mentions(self, text: str) -> tuple[set[int], set[int]]:
        """The officials and the agencies named in the text (by name or alias, any case)."""
        officials: set[int] = set()
        agencies: set[int] = set()
        if self.pattern is not None:
            for key in {_name_key(match) for match in self.pattern.findall(text)}:
                officials.update(self.officials.get(key, ()))
                agencies.update(self.agencies.get(key, ()))
        return officials, agencies


# --- one file ----------------------------------------------------------------------------------------------------


class _State(NamedTuple):
    """An article already imported under a legacy id; fingerprints are None when the import did not write it."""

    pk: int
    source_fingerprint: str | None
    written_fingerprint: str | None


class _Importer:
    def __init__(self, *, agency: Agency, dry_run: bool, directory: Directory) -> None:
        self.agency = agency
        self.dry_run = dry_run
        self.directory = directory
        self.new_programmes: dict[str, int] = {}  # created in the current file's transaction
        self.taken_slugs: set[str] = set()  # of the current chunk's new articles, looked up together
        self.created = 0
        self.next_analyze = FIRST_ANALYZE

    def results(self, files: Iterable[LegacyFile]) -> Iterator[FileResult]:
        iterator = iter(files)
        # Each file is read as soon as it is listed: a .zip member can only be read while its archive is open.
        while read := [self._read(file) for file in itertools.islice(iterator, CHUNK_SIZE)]:
            states = self._states([item.legacy_id for item in read if item.record is not None])
            self.taken_slugs = self._taken_slugs(
                [item.record.title for item in read if item.record and item.legacy_id not in states]
            )
            # Cached public pages are refreshed once per chunk rather than after every file.
            with invalidation_batched():
                for item in read:
                    result = item if item.record is None else self._import(item, states)
                    self.created += result.outcome == Outcome.CREATED
                    yield result
            self._analyze_if_grown()

    def _analyze_if_grown(self) -> None:
        """Refresh PostgreSQL's statistics of the tables the import fills each time it has doubled what it wrote.

        Each session keeps the plans of its foreign-key checks; planned while `articles_article` was nearly empty,
        they read the whole table for every link written, and the import slowed down as it grew (about 80
        articles/s instead of 300 after 10 000 files, until autovacuum happened to analyze). ANALYZE makes every
        session plan them again, with the index.
        """
        if self.dry_run or connection.vendor != "postgresql" or self.created < self.next_analyze:
            return
        self.next_analyze = 2 * self.created
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(table) for table in _filled_tables())}")

    def _read(self, file: LegacyFile) -> FileResult:
        try:
            record = file.record()
        except LegacyRejected as rejection:
            return FileResult(file.name, file.legacy_id, Outcome.REJECTED, reason=rejection.reason)
        except OSError as error:
            return FileResult(file.name, file.legacy_id, Outcome.FAILED, reason=f"không đọc được tệp: {error}")
        return FileResult(file.name, file.legacy_id, Outcome.UNCHANGED, record=record)

    def _states(self, legacy_ids: list[str]) -> dict[str, _State]:
        rows = Article.objects.filter(legacy_id__in=legacy_ids).values_list(
            "legacy_id",
            "pk",
            "legacy_import__source_fingerprint",
            "legacy_import__written_fingerprint",
        )
        return {legacy_id: _State(*state) for legacy_id, *state in rows}

    def _taken_slugs(self, titles: list[str]) -> set[str]:
        """Which of the slugs the new articles would get first are taken: one query for the chunk."""
        candidates = {slug_base(title) for title in titles}
        return set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True))

    def _import(self, item: FileResult, states: dict[str, _State]) -> FileResult:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return self._import_once(item, states)
            except (IntegrityError, DatabaseError) as error:
                # Another import worker (or an editor) took the slug or created the programme this file needed
                # while its transaction was open; ours was rolled back whole. Look again and retry.
                if attempt == WRITE_ATTEMPTS:
                    return self._failed(item, error)
                assert item.record is not None
                self._forget_taken(item.record)
        raise AssertionError("unreachable")

    @staticmethod
    def _failed(item: FileResult, error: Exception) -> FileResult:
        item.outcome = Outcome.FAILED
        item.reason = f"lỗi khi ghi vào cơ sở dữ liệu ({type(error).__name__}: {error})"
        item.programmes_created = []
        return item

    def _forget_taken(self, record: LegacyRecord) -> None:
        """After a write lost a race: let `save()` find a free slug, and learn programmes created meanwhile."""
        self.taken_slugs.add(slug_base(record.title))
        self.directory.programmes.update(Programme.objects.filter(code__in=record.programmes).values_list("code", "pk"))

    def _import_once(self, item: FileResult, states: dict[str, _State]) -> FileResult:
        record = item.record
        assert record is not None
        fingerprint = record.fingerprint()
        state = states.get(record.legacy_id)
        try:
            if state is None:
                item.outcome = Outcome.CREATED
                if not self.dry_run:
                    states[record.legacy_id] = self._write(record, fingerprint, article=None)
                    item.programmes_created = list(self.new_programmes)
                else:
                    self._note_new_programmes(item)
                return item
            if state.source_fingerprint == fingerprint:
                item.outcome = Outcome.UNCHANGED
                return item
            article = Article.objects.get(pk=state.pk)
            if state.written_fingerprint is None or written_fingerprint(article) != state.written_fingerprint:
                item.outcome = Outcome.CONFLICT
                item.reason = (
                    f"bài “{article.title}” đã được sửa trên hệ thống sau lần nhập trước; giữ nguyên bản đã sửa"
                )
                return item
            item.outcome = Outcome.UPDATED
            if not self.dry_run:
                states[record.legacy_id] = self._write(record, fingerprint, article=article)
                item.programmes_created = list(self.new_programmes)
            else:
                self._note_new_programmes(item)
        except DatabaseError:
            raise  # maybe a lost race: `_import` retries
        except Exception as error:  # noqa: BLE001 - one failing file must not stop the others
            return self._failed(item, error)
        return item

    def _write(self, record: LegacyRecord, fingerprint: str, *, article: Article | None) -> _State:
        """Create or update the article, its fingerprint and its links, all or nothing."""
        self.new_programmes = {}
        with transaction.atomic():
            fresh = article is None
            if article is None:
                article = Article(legacy_id=record.legacy_id, agency=self.agency)
                # Spare `unique_slug` its query when the plain slug is known to be free; else save() finds one.
                if (slug := slug_base(record.title)) not in self.taken_slugs:
                    article.slug = slug
                self.taken_slugs.add(slug)
            article.title = record.title
            article.lead = record.lead
            article.body = record.body_html()
            article.source = record.source
            article.published_at = record.published_at
            article.status = Article.Status.PUBLISHED
            article.related_titles = list(record.related_titles)
            if fresh:
                insert_new_article(article)
            else:
                article.save()
            written = written_fingerprint(article)
            rows = _Rows()
            if fresh:
                rows.add(
                    LegacyImport,
                    article_id=article.pk,
                    source_fingerprint=fingerprint,
                    written_fingerprint=written,
                    imported_at=timezone.now(),
                )
            else:
                LegacyImport.objects.filter(article_id=article.pk).update(
                    source_fingerprint=fingerprint, written_fingerprint=written, imported_at=timezone.now()
                )
            programmes = {self._programme_id(code) for code in record.programmes}
            write_links(
                article=article,
                record=record,
                directory=self.directory,
                programmes=programmes,
                fresh=fresh,
                rows=rows,
            )
            rows.insert()
        self.directory.programmes.update(self.new_programmes)
        return _State(article.pk, fingerprint, written)

    def _programme_id(self, code: str) -> int:
        """The programme's id; an unknown code creates a programme for the editors to review."""
        if code in self.directory.programmes:
            return self.directory.programmes[code]
        if code not in self.new_programmes:
            programme = Programme(code=code, title="", needs_review=True)
            programme.save()
            self.new_programmes[code] = programme.pk
        return self.new_programmes[code]

    def _note_new_programmes(self, item: FileResult) -> None:
        assert item.record is not None
        item.programmes_created = [code for code in item.record.programmes if code not in self.directory.programmes]


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
    return (Article._meta.db_table, LegacyImport._meta.db_table, *(link.through._meta.db_table for link in links))


@functools.cache
def _insert_fields() -> list[models.Field]:
    return [model_field for model_field in Article._meta.concrete_fields if not model_field.primary_key]


def write_links(
    *, article: Article, record: LegacyRecord, directory: Directory, programmes: set[int], fresh: bool, rows: _Rows
) -> None:
    """The article's programmes, officials and mentioned agencies as the record gives them, added to `rows`.

    On an update the old links are removed and the related articles are cleared: `link_related_articles`
    links them again from the record's titles once the whole import is done.
    """
    officials, agencies = directory.mentions(record.mention_text())
    links = [
        (Article.programmes.through, "programme_id", programmes),
        (Article.officials.through, "official_id", officials),
        (Article.mentioned_agencies.through, "agency_id", agencies),
    ]
    if not fresh:
        for through, _, _ in links:
            through.objects.filter(article_id=article.pk).delete()
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
            fields = [model._meta.get_field(column) for column in columns]
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


def link_related_articles(*, since: datetime.datetime) -> int:
    """Link imported articles to the article whose title a related-article line gives; returns the new links.

    Runs once the whole import is done, so the order of the files does not matter. A link is made when either
    side was written by this import (`since` = its start): links an editor removed between two articles the
    import did not touch stay removed. Titles without a matching article stay in `related_titles` as text.
    """
    through = Article.related.through
    pending = Article.objects.filter(legacy_id__isnull=False).exclude(related_titles=[]).order_by("pk")
    # Any article with the exact title matches; an imported one first, then the oldest.
    candidates = Article.objects.order_by(F("legacy_id").asc(nulls_last=True), "pk")
    created = 0
    last_pk = 0
    while True:
        chunk = list(
            pending.filter(pk__gt=last_pk).values_list("pk", "related_titles", "legacy_import__imported_at")[
                :LINK_CHUNK_SIZE
            ]
        )
        if not chunk:
            return created
        last_pk = chunk[-1][0]
        titles = {title for _, related_titles, _ in chunk for title in related_titles}
        targets: dict[str, tuple[int, datetime.datetime | None]] = {}
        for pk, title, imported_at in candidates.filter(title__in=titles).values_list(
            "pk", "title", "legacy_import__imported_at"
        ):
            targets.setdefault(title, (pk, imported_at))
        wanted: set[tuple[int, int]] = set()
        for pk, related_titles, imported_at in chunk:
            touched = imported_at is not None and imported_at >= since
            for title in related_titles:
                target = targets.get(title)
                if target is None or target[0] == pk:
                    continue
                if touched or (target[1] is not None and target[1] >= since):
                    wanted.add((pk, target[0]))
        if not wanted:
            continue
        existing = set(
            through.objects.filter(from_article_id__in={pk for pk, _ in wanted}).values_list(
                "from_article_id", "to_article_id"
            )
        )
        new = sorted(wanted - existing)
        through.objects.bulk_create(
            [through(from_article_id=a, to_article_id=b) for a, b in new], ignore_conflicts=True
        )
        created += len(new)


# --- the whole import -------------------------------------------------------------------------------------------


def _relax_commit_durability() -> None:
    """On PostgreSQL, do not wait for the disk at each file's commit (`synchronous_commit = off`, this session only).

    Each file stays atomic: a crash of the database server can only lose the last few files' commits, whole, and
    running the import again brings them back (it is idempotent). Waiting for the disk once per file would
    otherwise bound the import to the disk's flush rate.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")


def import_legacy_files(
    *,
    files: Iterable[LegacyFile],
    agency: Agency,
    dry_run: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
    workers: int = 1,
    keep_records: bool = True,
) -> ImportReport:
    """Import the files (streamed, one transaction each), then link related articles; a dry run writes nothing.

    With `workers` > 1 on PostgreSQL, that many processes write at once (`articles.legacy.workers`), so that the
    database's work overlaps the parsing; elsewhere (SQLite allows one writer; a dry run writes nothing; inside a
    transaction other processes could not see the rows) the files are imported here, one after another.
    Ctrl-C stops between two files (the file being written is rolled back) and the report says so. Without
    `keep_records`, the results of a parallel import do not carry the parsed records back (only `--json` shows them).
    """
    started = timezone.now()
    report = ImportReport(dry_run=dry_run)
    try:
        if workers > 1 and can_use_workers(dry_run=dry_run):
            from articles.legacy.workers import parallel_results

            results = parallel_results(files, agency=agency, workers=workers, keep_records=keep_records)
        else:
            _relax_commit_durability()
            importer = _Importer(agency=agency, dry_run=dry_run, directory=Directory.load())
            results = importer.results(files)
        for result in results:
            report.add(result)
            if on_file is not None:
                on_file(result)
    except KeyboardInterrupt:
        report.interrupted = True
        return report
    finally:
        results.close()  # in parallel: stops the workers
    if not dry_run:
        with transaction.atomic():
            report.related_links = link_related_articles(since=started)
        # Each chunk of files made the cached pages stale when it ended; bulk-created links send no signal.
        if report.related_links:
            content_changed()
    return report


def can_use_workers(*, dry_run: bool) -> bool:
    return not dry_run and connection.vendor == "postgresql" and not connection.in_atomic_block


def default_workers() -> int:
    """Two writing processes on PostgreSQL (measured best on two cores, see docs/import.md), else one."""
    return 2 if connection.vendor == "postgresql" and (os.cpu_count() or 1) >= 2 else 1

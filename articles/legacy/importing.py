"""Writing legacy records into the newsroom: create, update or leave alone, then link related articles.

Each file is one transaction: a file that fails (or an import killed in the middle of it) leaves no partial article,
and running the import again picks up where it stopped, because everything is keyed by the legacy id.
Articles are written through `Article.save()` so that whatever it maintains stays right; only link rows
(many-to-many) are bulk-inserted. The directory (officials, agencies, programmes) is loaded once per import.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
from collections.abc import Generator, Iterable
from typing import NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from articles.documents import linking
from articles.legacy import attribution
from articles.legacy.directory import Directory
from articles.legacy.models import LegacyImport
from articles.legacy.parse import LegacyRecord, LegacyRejected
from articles.legacy.results import FileResult, Outcome
from articles.legacy.rows import _filled_tables, _Rows, insert_new_article, write_links
from articles.legacy.sources import LegacyFile
from articles.newsroom.models import Agency, Article, Programme
from articles.newsroom.text import slug_base
from articles.pagecache.invalidation import invalidation_batched

CHUNK_SIZE = 200  # files read, parsed and looked up together; bounds memory whatever the number of files
FIRST_ANALYZE = 500  # new articles written before the first ANALYZE (then each time that number doubles)
WRITE_ATTEMPTS = 3  # a file whose write lost a race with another worker (same slug, same new programme) is retried


WRITTEN_FIELDS = ("title", "lead", "body", "source", "published_at", "status")


def written_fingerprint(article: Article) -> str:
    """A hash of the article fields the import writes, as they are now: differs once an editor changed one."""
    values = [
        article.published_at.astimezone(datetime.UTC).isoformat() if name == "published_at" else getattr(article, name)
        for name in WRITTEN_FIELDS
    ]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


# --- the directory ----------------------------------------------------------------------------------------------


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

    def results(self, files: Iterable[LegacyFile]) -> Generator[FileResult]:
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
                self._note_source(item)
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
            self._note_source(item)
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
        agency_id, unmatched = attribution.attribute(
            record.source, agencies=self.directory.sources, fallback_id=self.agency.pk
        )
        with transaction.atomic():
            fresh = article is None
            if article is None:
                article = Article(
                    legacy_id=record.legacy_id, agency_id=agency_id, article_type_id=self.directory.default_type_id
                )
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
            article.date_only = not record.has_time
            if not fresh:
                filed = LegacyImport.objects.filter(article_id=article.pk).values_list("filed_agency_id", flat=True)
                if article.agency_id in (filed.first() or self.agency.pk, agency_id):
                    article.agency_id = agency_id  # re-filed by its source, unless someone moved it
                else:
                    agency_id, unmatched = article.agency_id, ""
            # The document links are written with the others, below (one transaction per file).
            with linking.linked_by_caller():
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
                    filed_agency_id=agency_id,
                    unmatched_source=unmatched,
                )
            else:
                LegacyImport.objects.filter(article_id=article.pk).update(
                    source_fingerprint=fingerprint,
                    written_fingerprint=written,
                    imported_at=timezone.now(),
                    filed_agency_id=agency_id,
                    unmatched_source=unmatched,
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

    def _note_source(self, item: FileResult) -> None:
        assert item.record is not None
        _, item.unmatched_source = attribution.attribute(
            item.record.source, agencies=self.directory.sources, fallback_id=self.agency.pk
        )

    def _note_new_programmes(self, item: FileResult) -> None:
        assert item.record is not None
        item.programmes_created = [code for code in item.record.programmes if code not in self.directory.programmes]


def _relax_commit_durability() -> None:
    """On PostgreSQL, do not wait for the disk at each file's commit (`synchronous_commit = off`, this session only).

    Each file stays atomic: a crash of the database server can only lose the last few files' commits, whole, and
    running the import again brings them back (it is idempotent). Waiting for the disk once per file would
    otherwise bound the import to the disk's flush rate.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")

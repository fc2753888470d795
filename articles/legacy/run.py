"""The whole legacy import: the files imported (here or by several writing processes), then related articles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from articles.legacy import attribution
from articles.legacy.directory import Directory
from articles.legacy.importing import _Importer, _relax_commit_durability
from articles.legacy.related import link_related_articles
from articles.legacy.results import FileResult, ImportReport
from articles.legacy.sources import LegacyFile
from articles.legacy.workers import parallel_results
from articles.newsroom.models import Agency
from articles.pagecache.invalidation import content_changed


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
        # Names an editor added as aliases since an earlier run: those articles move now, changed files or not.
        report.reattributed = attribution.reattribute()
        report.unknown_sources = attribution.unknown_sources()
    else:
        report.unknown_sources = report.dry_run_unknown_sources()
    return report


def can_use_workers(*, dry_run: bool) -> bool:
    return not dry_run and connection.vendor == "postgresql" and not connection.in_atomic_block


def default_workers() -> int:
    """Two writing processes on PostgreSQL (measured best on two cores, see docs/import.md), else one."""
    return 2 if connection.vendor == "postgresql" and (os.cpu_count() or 1) >= 2 else 1

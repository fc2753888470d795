"""The legacy import in several processes (PostgreSQL): each worker parses and writes its share of the files.

One process waits for the database server about as long as it computes (the search vectors, the indexes, the
foreign-key checks at each commit), so on a machine with two cores two writers import about twice as fast.

- The main process lists and reads the files (a .zip member can only be read while its archive is open) and
  sends them in chunks to the worker its legacy id hashes to, so that two files with the same legacy id are
  written by the same worker, in order. It gathers the results for the summary and the progress bar.
- Each worker is an `_Importer` as in the single-process import: one transaction per file. A write that lost a
  race with the other worker (two new articles with the same title wanting the same slug; the same unknown
  programme code in two files) fails with a unique violation, is rolled back whole and is retried.
- Memory stays flat: at most `QUEUED_CHUNKS` chunks wait for each worker.
- Ctrl-C reaches every process of the terminal's process group: each worker rolls back the file it is writing
  and stops. If the main process dies (even with `kill -9`), the kernel kills the workers
  (`PR_SET_PDEATHSIG`), and the database rolls back their open transactions. A worker that dies on its own has
  its unfinished files reported as failed; running the import again imports them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import zlib
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from django.db import connections

from articles.legacy.directory import Directory
from articles.legacy.importing import CHUNK_SIZE, _Importer, _relax_commit_durability
from articles.legacy.parse import LegacyRecord, LegacyRejected, read_record
from articles.legacy.results import FileResult, Outcome
from articles.legacy.sources import LegacyFile
from articles.newsroom.models import Agency

QUEUED_CHUNKS = 2
POLL_SECONDS = 0.5  # how often the main process checks that its workers are alive while it waits
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class ReadFile:
    """A file's bytes as the main process read them, to be parsed by a worker (same API as `LegacyFile`)."""

    name: str
    legacy_id: str
    data: bytes = b""
    rejection: str = ""  # a reason code found while reading (too-large)
    error: str = ""  # why the file could not be read

    @classmethod
    def of(cls, file: LegacyFile) -> ReadFile:
        try:
            return cls(file.name, file.legacy_id, data=file.read())
        except LegacyRejected as rejection:
            return cls(file.name, file.legacy_id, rejection=rejection.reason)
        except OSError as error:
            return cls(file.name, file.legacy_id, error=str(error))

    def record(self) -> LegacyRecord:
        if self.rejection:
            raise LegacyRejected(self.rejection)
        if self.error:
            raise OSError(self.error)
        return read_record(self.data, legacy_id=self.legacy_id)


def worker_for(legacy_id: str, workers: int) -> int:
    return zlib.crc32(legacy_id.encode()) % workers


def parallel_results(
    files: Iterable[LegacyFile], *, agency: Agency, workers: int, keep_records: bool = True
) -> Generator[FileResult]:
    """Import the files in `workers` processes; yields each file's result as it comes (not in file order)."""
    context = multiprocessing.get_context("fork")
    # The workers open their own connections; a connection shared across fork would mix both sides' messages.
    connections.close_all()
    results: multiprocessing.Queue = context.Queue()
    pool = [
        _Worker(context, index, agency_id=agency.pk, results=results, keep_records=keep_records)
        for index in range(workers)
    ]
    buffers: list[list[ReadFile]] = [[] for _ in pool]
    try:
        for file in files:
            index = worker_for(file.legacy_id, workers)
            buffers[index].append(ReadFile.of(file))
            if len(buffers[index]) >= CHUNK_SIZE:
                yield from _send(pool[index], buffers[index], results, pool)
                buffers[index] = []
            yield from _received(results, pool, block=False)
        for worker, buffer in zip(pool, buffers, strict=True):
            if buffer:
                yield from _send(worker, buffer, results, pool)
            yield from _send(worker, None, results, pool)
        while any(worker.pending for worker in pool):
            yield from _received(results, pool, block=True)
    finally:
        for worker in pool:
            worker.stop()
        results.close()
        results.cancel_join_thread()


def _send(
    worker: _Worker, chunk: list[ReadFile] | None, results: multiprocessing.Queue, pool: list[_Worker]
) -> Generator[FileResult]:
    """Queue a chunk (None: no more) for the worker; while its queue is full, pass on the results that arrive."""
    if chunk is not None:
        worker.pending.extend((file.name, file.legacy_id) for file in chunk)
    while True:
        if not worker.process.is_alive():
            yield from _received(results, pool, block=False)  # what it finished before it died
            yield from worker.lost()
            return
        try:
            worker.tasks.put(chunk, timeout=POLL_SECONDS)
            return
        except queue.Full:
            yield from _received(results, pool, block=False)


def _received(results: multiprocessing.Queue, pool: list[_Worker], *, block: bool) -> Iterator[FileResult]:
    """The results waiting in the queue (when `block`: at least one, unless a worker died)."""
    while True:
        try:
            index, result = results.get(block=block, timeout=POLL_SECONDS if block else None)
        except queue.Empty:
            if block:  # nothing for a while: has a worker died?
                for worker in pool:
                    if worker.pending and not worker.process.is_alive():
                        yield from worker.lost()
            return
        if pool[index].pending:  # else already reported as lost
            pool[index].pending.popleft()
            yield result
        block = False


class _Worker:
    def __init__(
        self, context, index: int, *, agency_id: int, results: multiprocessing.Queue, keep_records: bool
    ) -> None:
        self.index = index
        self.pending: deque[tuple[str, str]] = deque()  # (name, legacy id) of the files sent, not yet reported
        self.tasks: multiprocessing.Queue = context.Queue(maxsize=QUEUED_CHUNKS)
        self.process = context.Process(
            target=_work,
            kwargs={
                "index": index,
                "parent": os.getpid(),
                "agency_id": agency_id,
                "tasks": self.tasks,
                "results": results,
                "keep_records": keep_records,
            },
            name=f"import-legacy-{index}",
            daemon=True,
        )
        self.process.start()

    def lost(self) -> Iterator[FileResult]:
        """The files this worker will never report: it died (its open transaction died with it)."""
        reason = (
            f"tiến trình nhập số {self.index + 1} dừng bất thường (mã {self.process.exitcode}) trước khi ghi xong "
            "tệp này; chạy lại lệnh để nhập tiếp"
        )
        while self.pending:
            name, legacy_id = self.pending.popleft()
            yield FileResult(name, legacy_id, Outcome.FAILED, reason=reason)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.join(timeout=POLL_SECONDS)
        if self.process.is_alive():
            self.process.terminate()  # its open transaction is rolled back by the server
            self.process.join()
        self.tasks.close()
        self.tasks.cancel_join_thread()


def _die_with_parent(parent: int) -> None:
    """Linux: be killed when the main process dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: a worker then ends when its queue is closed
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _work(
    *,
    index: int,
    parent: int,
    agency_id: int,
    tasks: multiprocessing.Queue,
    results: multiprocessing.Queue,
    keep_records: bool,
) -> None:
    _die_with_parent(parent)
    try:
        _relax_commit_durability()
        importer = _Importer(agency=Agency.objects.get(pk=agency_id), dry_run=False, directory=Directory.load())
        while (chunk := tasks.get()) is not None:
            for result in importer.results(chunk):
                if not keep_records:
                    result.record = None  # the main process would only unpickle it to drop it
                results.put((index, result))
    except KeyboardInterrupt:
        pass  # Ctrl-C: the file being written was rolled back; the main process reports the interruption
    finally:
        connections.close_all()

"""Where the legacy files come from: files, folders and .zip archives, read lazily one by one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from zipfile import BadZipFile, ZipFile

from articles.legacy.parse import MAX_FILE_SIZE, LegacyRecord, LegacyRejected, read_record


@dataclass(frozen=True, slots=True)
class LegacyFile:
    """One export file, inside a folder or a .zip archive; read lazily so files stream one by one."""

    name: str  # what the editor sees in the summary
    legacy_id: str
    size: int
    opener: Callable[[], Any]

    def read(self) -> bytes:
        """The bytes, or `too-large` without reading a huge file."""
        if self.size > MAX_FILE_SIZE:
            raise LegacyRejected("too-large")
        with self.opener() as stream:
            # Read the size announced, then check that nothing follows (a .zip may lie about the size): asking for
            # MAX_FILE_SIZE bytes at once would allocate 5 MB for every file.
            raw = stream.read(self.size + 1)
            if len(raw) > self.size:
                raw += stream.read(MAX_FILE_SIZE + 1 - len(raw))
        if len(raw) > MAX_FILE_SIZE:
            raise LegacyRejected("too-large")
        return raw

    def record(self) -> LegacyRecord:
        return read_record(self.read(), legacy_id=self.legacy_id)


class LegacySourceError(Exception):
    """A path given to the import that is neither a file, a folder nor a readable .zip (message in Vietnamese)."""


def _is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def _is_export_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return pure.suffix.lower() == ".txt" and "__MACOSX" not in pure.parts and not pure.name.startswith("._")


def check_sources(paths: Iterable[str | Path]) -> list[Path]:
    """The paths, checked before anything is imported."""
    checked = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.exists():
            raise LegacySourceError(f"Không tìm thấy “{raw_path}”.")
        if path.is_file() and _is_zip(path):
            try:
                with ZipFile(path) as archive:
                    archive.infolist()
            except (BadZipFile, OSError):
                raise LegacySourceError(f"Tệp nén “{raw_path}” bị hỏng hoặc không phải tệp .zip.") from None
        checked.append(path)
    return checked


def _folder_files(folder: Path) -> Iterator[Path]:
    """Every *.txt below the folder, in a stable order, without listing the whole tree at once."""
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            yield from _folder_files(entry)
        elif entry.is_file() and _is_export_name(entry.name):
            yield entry


def iter_legacy_files(paths: Iterable[Path]) -> Iterator[LegacyFile]:
    """The export files named by the paths: files, folders (all *.txt below) and .zip archives."""
    for path in paths:
        if path.is_dir():
            for file in _folder_files(path):
                yield _disk_file(file)
        elif _is_zip(path):
            with ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.is_dir() or not _is_export_name(info.filename):
                        continue
                    yield LegacyFile(
                        name=f"{path.name}:{info.filename}",
                        legacy_id=PurePosixPath(info.filename).stem,
                        size=info.file_size,
                        opener=functools.partial(archive.open, info),
                    )
        else:
            yield _disk_file(path)


def _disk_file(path: Path) -> LegacyFile:
    return LegacyFile(name=str(path), legacy_id=path.stem, size=path.stat().st_size, opener=lambda: path.open("rb"))


def count_legacy_files(paths: Iterable[Path]) -> int:
    """How many files `iter_legacy_files` will give (for the progress bar); reads no file."""
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(1 for _ in _folder_files(path))
        elif _is_zip(path):
            with ZipFile(path) as archive:
                total += sum(1 for i in archive.infolist() if not i.is_dir() and _is_export_name(i.filename))
        else:
            total += 1
    return total

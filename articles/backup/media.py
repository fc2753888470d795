"""The uploaded files an archive names, copied out with an export and back in with a restore.

Records name files by their storage name (articles' covers, officials' portraits, documents' files and first-page
previews, the site's emblem, the cover of an edit waiting for review), and rich text names them by address
(MEDIA_URL + storage name: pictures put in a body through CKEditor). `export_articles --media DIR` copies each of
them into DIR under the same relative name; `restore_articles --media DIR` puts every file of DIR back into the
storage under that name, so that the restored records find them. Renditions (articles/public/renditions.py) are
derived from the pictures and made again on demand: they are not copied.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from articles.backup.archive import ArchiveError, Section


def media_reference() -> re.Pattern[str]:
    """An address of an uploaded file in text, with or without the media host (MEDIA_URL may name one)."""
    return re.compile(re.escape(urlsplit(settings.MEDIA_URL).path) + r"([^\s\"'<>()?#\\]+)")


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def files_named_by(section: Section, record: dict[str, Any]) -> set[str]:
    """The storage names of the files one archive record names."""
    names: set[str] = set()
    for model_field in section.model._meta.concrete_fields:
        if isinstance(model_field, models.FileField) and record.get(model_field.name):
            names.add(record[model_field.name])
    for json_field, keys in section.json_files.items():
        value = record.get(json_field)
        if isinstance(value, dict):
            names.update(value[key] for key in keys if isinstance(value.get(key), str) and value[key])
    reference = media_reference()
    for text in strings_in({name: value for name, value in record.items() if name != "type"}):
        names.update(unquote(found) for found in reference.findall(text))
    return names


def safe_name(name: str) -> PurePosixPath | None:
    """The name as a relative path inside the media, or None for one that could leave it."""
    path = PurePosixPath(name)
    if not name or "\\" in name or path.is_absolute() or ".." in path.parts:
        return None
    return path


@dataclass
class CopiedOut:
    copied: list[str] = field(default_factory=list)
    # Named by the archive but not in the storage (or not a name inside it): reported to the operator.
    missing: list[str] = field(default_factory=list)


def copy_out(names: Iterable[str], directory: Path) -> CopiedOut:
    """Copies the named files from the storage into `directory`, under their storage names."""
    result = CopiedOut()
    for name in sorted(set(names)):
        relative = safe_name(name)
        if relative is None or not default_storage.exists(name):
            result.missing.append(name)
            continue
        target = directory.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        result.copied.append(name)
    return result


def same_content(name: str, path: Path) -> bool:
    with default_storage.open(name, "rb") as stored, open(path, "rb") as archived:
        return stored.read() == archived.read()


def copy_in(directory: Path) -> int:
    """Puts every file of `directory` into the storage under its relative name; returns how many were written.

    A file already stored with the same content is left alone; one stored with other content stops the restore
    before anything is written (the operator chooses which to keep).
    """
    if not directory.is_dir():
        raise ArchiveError(f"Không tìm thấy thư mục tệp {directory}.")
    files = sorted(
        (path.relative_to(directory).as_posix(), path)
        for path in directory.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    to_write = []
    for name, path in files:
        if not default_storage.exists(name):
            to_write.append((name, path))
        elif not same_content(name, path):
            raise ArchiveError(f"Tệp “{name}” đã có trong kho tệp với nội dung khác; hãy chuyển nó đi rồi chạy lại.")
    for name, path in to_write:
        with open(path, "rb") as content:
            stored = default_storage.save(name, File(content, name=name))
        if stored != name:
            raise ArchiveError(f"Kho tệp đã lưu “{name}” dưới tên khác (“{stored}”).")
    return len(to_write)

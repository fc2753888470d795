"""Pictures stored before the one upload rule, put through it: `manage.py reencode_pictures`.

Every file under the covers', portraits' and CKEditor's folders (and any other file an article or an official
names) goes through `articles.newsroom.uploads.clean_picture` again:

- a picture whose extension is that of its real format is rewritten in place: same name, so pages need no
  change, and new renditions, since they are keyed by name and modification time (articles/renditions.py);
- any other picture (`polyglot.html`, a PNG named `.jpg`) gets a server-chosen name in the same folder; the
  covers, portraits and article bodies that named it are updated, and its old name answers with a 301
  (MediaRedirect, articles/media_views.py);
- a file that is refused (not a picture, SVG, too large, a bomb) stays where it is and is reported: it is
  served only as a download, and deleting it is a person's decision.

CKEditor's browser thumbnails (`<name>_thumb.<ext>`) are made again from the clean picture. A file whose
name and SHA-256 are in StoredPicture is clean already and left alone, so a second run changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from ckeditor_uploader.backends import get_backend
from ckeditor_uploader.utils import get_thumb_filename
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.db.models import Q

from articles.newsroom import stored_pictures
from articles.newsroom.models import Article, MediaRedirect, Official, StoredPicture
from articles.newsroom.uploads import CleanPicture, clean_picture

# Extensions that name each format correctly (a .jpeg stays a .jpeg).
RIGHT_EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}, "GIF": {".gif"}}
THUMBNAIL_SUFFIX = "_thumb"


@dataclass
class Renamed:
    old_name: str
    new_name: str
    article_ids: list[int]
    official_ids: list[int]


@dataclass
class ReencodeReport:
    dry_run: bool
    rewritten: list[str] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # name, why
    missing: list[str] = field(default_factory=list)  # named by an article or an official, not in storage
    already_clean: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.rewritten or self.renamed)


def reencode_stored_pictures(*, dry_run: bool = False, storage: Storage | None = None) -> ReencodeReport:
    """Re-encode the stored pictures in place, renaming those whose extension is not their format's."""
    storage = storage or default_storage
    report = ReencodeReport(dry_run=dry_run)
    names, report.missing = _stored_names(storage)
    for name in names:
        _reencode_one(name, storage=storage, report=report)
    return report


# --- which files -------------------------------------------------------------------------------------------------


def _picture_folders() -> list[str]:
    folders = {settings.CKEDITOR_UPLOAD_PATH.strip("/")}
    for model, field_name in ((Article, "cover"), (Official, "portrait")):
        upload_to = cast(models.FileField, model._meta.get_field(field_name)).upload_to
        folders.add(str(upload_to).strip("/").split("/")[0])
    return sorted(folders)


def _walk(storage: Storage, folder: str) -> list[str]:
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return []
    names = [posixpath.join(folder, name) for name in files]
    for directory in directories:
        names += _walk(storage, posixpath.join(folder, directory))
    return names


def _original_of_thumbnail(name: str) -> str | None:
    root, extension = posixpath.splitext(name)
    return root.removesuffix(THUMBNAIL_SUFFIX) + extension if root.endswith(THUMBNAIL_SUFFIX) else None


def _stored_names(storage: Storage) -> tuple[list[str], list[str]]:
    """The files to go through (thumbnails of a stored picture aside), and the named ones that are missing."""
    in_folders = {name for folder in _picture_folders() for name in _walk(storage, folder)}
    named = set(Article.objects.exclude(cover="").values_list("cover", flat=True))
    named |= set(Official.objects.exclude(portrait="").values_list("portrait", flat=True))
    missing = sorted(name for name in named - in_folders if not storage.exists(name))
    candidates = in_folders | (named - set(missing))
    thumbnails = {name for name in candidates if _original_of_thumbnail(name) in candidates}
    return sorted(candidates - thumbnails), missing


# --- one file ----------------------------------------------------------------------------------------------------


def _reencode_one(name: str, *, storage: Storage, report: ReencodeReport) -> None:
    with storage.open(name, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    if StoredPicture.objects.filter(name=name, sha256=digest).exists():
        report.already_clean += 1
        return
    try:
        picture = clean_picture(ContentFile(data, name=posixpath.basename(name)))
    except ValidationError as error:
        report.refused.append((name, " ".join(error.messages)))
        return
    picture.label = StoredPicture.objects.filter(name=name).values_list("label", flat=True).first() or picture.label
    if posixpath.splitext(name)[1].lower() in RIGHT_EXTENSIONS[picture.picture_format]:
        if picture.sha256 == digest:  # re-encoding gave the very same bytes: it was clean
            if not report.dry_run:
                stored_pictures.remember(name=name, picture=picture)
            report.already_clean += 1
            return
        if not report.dry_run:
            _rewrite_in_place(name, picture, storage=storage)
        report.rewritten.append(name)
        return
    report.renamed.append(_rename(name, picture, storage=storage, dry_run=report.dry_run))


def _rewrite_in_place(name: str, picture: CleanPicture, *, storage: Storage) -> None:
    content = picture.read()
    _overwrite(storage, name, content)
    with transaction.atomic():
        stored_pictures.remember(name=name, picture=picture)
        cover = Article._meta.get_field("cover")
        for article in Article.objects.filter(Q(cover=name) | _body_names(name, storage)):
            # Saved, so that cached and stored pages are made again with the new renditions (and, when the
            # orientation turned the picture, the cover's new size).
            if article.cover.name == name:
                cover.update_dimension_fields(article, force=True)
                article.save(update_fields=["cover_width", "cover_height"])
            else:
                article.save(update_fields=["body"])
        for official in Official.objects.filter(portrait=name):
            official.save(update_fields=["portrait"])
    _replace_thumbnail(storage, old_name=name, new_name=name, content=content)


def _rename(name: str, picture: CleanPicture, *, storage: Storage, dry_run: bool) -> Renamed:
    tentative = posixpath.join(posixpath.dirname(name), picture.name or "")
    articles = Article.objects.filter(Q(cover=name) | _body_names(name, storage))
    officials = Official.objects.filter(portrait=name)
    if dry_run:
        return Renamed(
            name,
            tentative,
            sorted(articles.values_list("pk", flat=True)),
            sorted(officials.values_list("pk", flat=True)),
        )
    content = picture.read()
    new_name = storage.save(tentative, ContentFile(content))
    try:
        with transaction.atomic():
            article_ids, official_ids = _point_references(name, new_name, storage=storage)
            MediaRedirect.objects.filter(new_name=name).update(new_name=new_name)
            MediaRedirect.objects.update_or_create(old_name=name, defaults={"new_name": new_name})
            StoredPicture.objects.filter(name=name).delete()
            stored_pictures.remember(name=new_name, picture=picture)
    except BaseException:
        storage.delete(new_name)
        raise
    storage.delete(name)
    _replace_thumbnail(storage, old_name=name, new_name=new_name, content=content)
    return Renamed(name, new_name, article_ids, official_ids)


# --- references --------------------------------------------------------------------------------------------------


def _addresses(name: str, storage: Storage) -> set[str]:
    """The addresses an article body may use for a stored file: its URL, and that URL's path alone (bodies
    written before MEDIA_URL named a host of its own)."""
    url = storage.url(name)
    return {url, urlsplit(url).path}


def _body_names(name: str, storage: Storage) -> Q:
    query = Q(pk__in=[])
    for address in _addresses(name, storage):
        query |= Q(body__contains=address)
    return query


def _point_references(old_name: str, new_name: str, *, storage: Storage) -> tuple[list[int], list[int]]:
    new_url = storage.url(new_name)
    # The address, ending where an attribute value or a URL part ends (not a longer name sharing its start).
    patterns = [re.compile(re.escape(address) + r"(?=[\"'\s<>?#)]|$)") for address in _addresses(old_name, storage)]
    cover = Article._meta.get_field("cover")
    article_ids = []
    for article in Article.objects.filter(Q(cover=old_name) | _body_names(old_name, storage)):
        fields = []
        if article.cover.name == old_name:
            article.cover = new_name
            cover.update_dimension_fields(article, force=True)
            fields += ["cover", "cover_width", "cover_height"]
        body = article.body
        for pattern in patterns:
            body = pattern.sub(new_url, body)
        if body != article.body:
            article.body = body
            fields.append("body")
        if fields:
            article.save(update_fields=fields)
            article_ids.append(article.pk)
    official_ids = []
    for official in Official.objects.filter(portrait=old_name):
        official.portrait = new_name
        official.save(update_fields=["portrait"])
        official_ids.append(official.pk)
    return sorted(article_ids), sorted(official_ids)


# --- files -------------------------------------------------------------------------------------------------------


def _overwrite(storage: Storage, name: str, content: bytes) -> None:
    """Replace a stored file's bytes under the same name (atomically on a disk, so pages never see half)."""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # a bucket: no rename, but a name freed by delete can be saved again
        storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        assert saved == name, f"{name} was saved as {saved}"
        return
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.chmod(temporary, path.stat().st_mode & 0o777)  # mkstemp makes it private; keep what the server can read
    os.replace(temporary, path)


def _replace_thumbnail(storage: Storage, *, old_name: str, new_name: str, content: bytes) -> None:
    """CKEditor's browser thumbnail of `old_name`, made again from the clean picture for `new_name`."""
    old_thumbnail = get_thumb_filename(old_name)
    if not storage.exists(old_thumbnail):
        return
    storage.delete(old_thumbnail)
    get_backend()(storage, ContentFile(content)).create_thumbnail(ContentFile(content), new_name)

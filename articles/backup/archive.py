"""A JSON Lines archive of the newsroom that a person can read and the site can be rebuilt from.

One JSON object per line, each with a "type": first a header, then the accounts that wrote
articles, the directory (agencies, officials, appointments, programmes) and every article with
its links. Links are written as natural keys (slugs, programme codes, user names), never as
database ids, so the archive means the same thing in any database. Records are sorted, and
the archive carries no timestamp of its own: the same content always gives the same bytes.

Model fields are picked up by introspection: a new plain field on a model is archived and
restored without touching this module. A new foreign key or many-to-many field must be named
in its section (`references`, `many`) or in `exclude`; `archived_fields` refuses to guess.
Pictures are archived by their storage name: the files themselves are backed up with the
media (see docs/deploy.md).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import connections, models, transaction
from django.db.models.functions import Collate

from articles.legacy.models import LegacyImport
from articles.newsroom.models import (
    Agency,
    Appointment,
    Article,
    ArticleSlug,
    EditorMembership,
    Official,
    Programme,
)

ARCHIVE_FORMAT = 1


class ArchiveError(Exception):
    """An archive that cannot be restored; the message is for the operator, in Vietnamese."""


@dataclass(frozen=True)
class Section:
    type: str
    model: type[models.Model]
    # The field that names a record in other records' links (None: nothing links to it).
    key: str | None
    order_by: tuple[str, ...]
    # Foreign keys: field name -> record type of the target (written as the target's key).
    references: dict[str, str] = field(default_factory=dict)
    # Many-to-many fields: field name -> record type of the targets (a sorted list of keys).
    many: dict[str, str] = field(default_factory=dict)
    # Fields that are not content (derived, secret or per-database).
    exclude: frozenset[str] = frozenset()
    # When set, only these plain fields (accounts: no passwords, no permissions).
    only: tuple[str, ...] | None = None
    prefetch: tuple[str, ...] = ()
    select: tuple[str, ...] = ()


def sections() -> list[Section]:
    """The archive's record types, in the order they are written and restored."""
    return [
        Section(
            type="user",
            model=get_user_model(),
            key="username",
            order_by=("username",),
            only=("username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"),
        ),
        Section(
            type="agency",
            model=Agency,
            key="slug",
            order_by=("slug",),
            references={"parent": "agency", "superseded_by": "agency"},
            select=("parent", "superseded_by"),
        ),
        Section(
            type="membership",
            model=EditorMembership,
            key=None,
            order_by=("user__username", "agency__slug"),
            references={"user": "user", "agency": "agency"},
            select=("user", "agency"),
        ),
        Section(type="official", model=Official, key="slug", order_by=("slug",)),
        Section(
            type="appointment",
            model=Appointment,
            key=None,
            order_by=("official__slug", "agency__slug", "start_date", "title", "end_date", "order"),
            references={"official": "official", "agency": "agency"},
            select=("official", "agency"),
        ),
        Section(
            type="programme",
            model=Programme,
            key="code",
            order_by=("code",),
            references={"issuing_agency": "agency"},
            select=("issuing_agency",),
        ),
        Section(
            type="article",
            model=Article,
            key="slug",
            order_by=("published_at", "slug"),
            references={"agency": "agency", "created_by": "user", "updated_by": "user", "submitted_by": "user"},
            many={
                "officials": "official",
                "programmes": "programme",
                "related": "article",
                "mentioned_agencies": "agency",
            },
            select=("agency", "created_by", "updated_by", "submitted_by"),
            prefetch=("officials", "programmes", "related", "mentioned_agencies"),
            # Search columns, derived from the text by Article.save() (articles/search_columns.py).
            exclude=frozenset({"body_text", "search_folded", "search_vector"}),
        ),
        # Former addresses of articles, which keep redirecting to the current one.
        Section(
            type="old_slug",
            model=ArticleSlug,
            key=None,
            order_by=("slug",),
            references={"article": "article"},
            select=("article",),
        ),
        # What the legacy import last wrote, so that importing the old portal again after a restore
        # still tells unchanged articles from editors' edits (articles/importing.py).
        Section(
            type="legacy_import",
            model=LegacyImport,
            key=None,
            order_by=("article__slug",),
            references={"article": "article"},
            select=("article",),
        ),
    ]


# Models of the articles app that the archive leaves out on purpose, with the reason.
# tests/test_export.py fails when a new model is neither archived nor listed here.
NOT_ARCHIVED: dict[str, str] = {
    "WorkflowEvent": "the audit log is history, not content; pg_dump keeps it (as it keeps revisions)",
    "RenderedArticlePage": "derived from the articles: rendered again on first read or by render_article_pages",
    "StoredPicture": "about media files, not content: uploaders' file names and digests; pg_dump keeps it",
    "MediaRedirect": "old media addresses, kept with the media; pg_dump keeps it",
}


def archived_fields(section: Section) -> list[models.Field]:
    """The section's plain (non-relation) fields, checking that every relation is accounted for."""
    plain = []
    for model_field in section.model._meta.concrete_fields:
        name = model_field.name
        if model_field.primary_key or name in section.exclude or getattr(model_field, "generated", False):
            continue
        if model_field.is_relation:
            if name not in section.references:
                raise ArchiveError(f"{section.model.__name__}.{name} is a link the archive does not know how to write")
            continue
        if section.only is None or name in section.only:
            plain.append(model_field)
    for m2m in section.model._meta.many_to_many:
        if m2m.name not in section.many and m2m.name not in section.exclude and section.only is None:
            raise ArchiveError(f"{section.model.__name__}.{m2m.name} is a link the archive does not know how to write")
    return plain


# --- Export ------------------------------------------------------------------------------


def dump_value(model_field: models.Field, value: Any) -> Any:
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if value is None or isinstance(model_field, models.JSONField):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def natural_key(section: Section, obj: models.Model | None) -> Any:
    return None if obj is None else getattr(obj, section.key)


# Byte order for text, so that an export sorts the same on SQLite and on PostgreSQL whatever the
# database's locale (en_US collation, for one, ignores the hyphens in slugs).
BINARY_COLLATIONS = {"postgresql": "C", "sqlite": "BINARY", "mysql": "utf8mb4_bin"}


def archive_order(section: Section, alias: str) -> list[Any]:
    collation = BINARY_COLLATIONS.get(connections[alias].vendor)
    order = []
    for path in section.order_by:
        target = section.model
        for part in path.split("__")[:-1]:
            target = target._meta.get_field(part).related_model
        model_field = target._meta.get_field(path.split("__")[-1])
        is_text = isinstance(model_field, models.CharField | models.TextField)
        order.append(Collate(path, collation) if collation and is_text else path)
    return order


def archive_records() -> Iterator[dict[str, Any]]:
    """Every record of the archive, in order."""
    yield {"type": "archive", "format": ARCHIVE_FORMAT}
    by_type = {section.type: section for section in sections()}
    for section in by_type.values():
        plain = archived_fields(section)
        queryset = section.model._default_manager.all()
        queryset = queryset.order_by(*archive_order(section, queryset.db))
        if section.select:
            queryset = queryset.select_related(*section.select)
        if section.prefetch:
            queryset = queryset.prefetch_related(*section.prefetch)
        for obj in queryset.iterator(chunk_size=500):
            record: dict[str, Any] = {"type": section.type}
            if section.key:
                record[section.key] = getattr(obj, section.key)
            for name, target_type in section.references.items():
                record[name] = natural_key(by_type[target_type], getattr(obj, name))
            for name, target_type in section.many.items():
                target = by_type[target_type]
                record[name] = sorted(natural_key(target, linked) for linked in getattr(obj, name).all())
            for model_field in plain:
                record.setdefault(model_field.name, dump_value(model_field, model_field.value_from_object(obj)))
            yield record


def export_archive(stream: IO[str]) -> int:
    """Writes the archive to `stream`; returns the number of articles written."""
    articles = 0
    for record in archive_records():
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        articles += record["type"] == "article"
    return articles


# --- Restore -----------------------------------------------------------------------------


def load_value(model_field: models.Field, raw: Any) -> Any:
    if raw is None or isinstance(model_field, models.FileField | models.JSONField):
        return raw
    return model_field.to_python(raw)


def is_set_on_save(model_field: models.Field) -> bool:
    """Fields whose archived value save() would not keep (automatic dates, pictures)."""
    return (
        getattr(model_field, "auto_now", False)
        or getattr(model_field, "auto_now_add", False)
        or isinstance(model_field, models.FileField)
    )


def is_text(model_field: models.Field) -> bool:
    return isinstance(model_field, models.CharField | models.TextField)


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArchiveError(f"Dòng {number}: không đọc được JSON ({error.msg}).") from None
        if not isinstance(record, dict) or "type" not in record:
            raise ArchiveError(f"Dòng {number}: mỗi dòng phải là một đối tượng JSON có trường “type”.")
        yield number, record


@dataclass
class _Restorer:
    by_type: dict[str, Section]
    # Record type -> natural key -> primary key of what has been restored so far.
    restored: dict[str, dict[Any, int]] = field(default_factory=dict)
    # Links restored after every record they may point to exists.
    pending: list[Callable[[], None]] = field(default_factory=list)
    # Many-to-many links, written in bulk at the end: (line, section, field name, pk, target keys).
    many_links: list[tuple[int, Section, str, int, list[Any]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def resolve(self, number: int, target_type: str, key: Any) -> int | None:
        if key is None:
            return None
        try:
            return self.restored[target_type][key]
        except KeyError:
            label = LABELS[target_type]
            raise ArchiveError(f"Dòng {number}: không tìm thấy {label} “{key}” trong tệp lưu trữ.") from None

    def restore(self, number: int, record: dict[str, Any]) -> None:
        section = self.by_type.get(record["type"])
        if section is None:
            raise ArchiveError(f"Dòng {number}: loại bản ghi “{record['type']}” không được hỗ trợ.")
        model = section.model
        values: dict[str, Any] = {}
        exact: dict[str, Any] = {}
        for model_field in archived_fields(section):
            if model_field.name not in record:
                continue
            value = load_value(model_field, record[model_field.name])
            (exact if is_set_on_save(model_field) else values)[model_field.attname] = value
        later_links: dict[str, tuple[str, Any]] = {}
        for name, target_type in section.references.items():
            attname = model._meta.get_field(name).attname
            if target_type == section.type:
                later_links[attname] = (target_type, record.get(name))
            else:
                values[attname] = self.resolve(number, target_type, record.get(name))

        if section.type == "user":
            obj = self.restore_user(values)
        else:
            obj = model(**values)
            obj.save()
        # What save() changed is put back as archived (dates, counters such as the version), except
        # text: the model's own cleaning (the rich-text sanitiser) keeps the last word on text.
        for model_field in archived_fields(section):
            attname = model_field.attname
            if attname in values and getattr(obj, attname) != values[attname] and not is_text(model_field):
                exact[attname] = values[attname]
        if exact:
            model._default_manager.filter(pk=obj.pk).update(**exact)
        if section.key:
            self.restored.setdefault(section.type, {})[record[section.key]] = obj.pk
        self.counts[section.type] = self.counts.get(section.type, 0) + 1

        def link_later(pk=obj.pk, links=later_links) -> None:
            resolved = {attname: self.resolve(number, target, key) for attname, (target, key) in links.items()}
            if resolved:
                model._default_manager.filter(pk=pk).update(**resolved)

        self.pending.append(link_later)
        for name in section.many:
            self.many_links.append((number, section, name, obj.pk, record.get(name, [])))

    def write_many_links(self) -> None:
        rows: dict[type[models.Model], list[models.Model]] = {}
        for number, section, name, pk, keys in self.many_links:
            m2m = section.model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            target_type = section.many[name]
            rows.setdefault(through, []).extend(
                through(**{f"{source}_id": pk, f"{target}_id": self.resolve(number, target_type, key)}) for key in keys
            )
        for through, objs in rows.items():
            through._default_manager.bulk_create(objs, batch_size=1000)

    def restore_user(self, values: dict[str, Any]) -> models.Model:
        # An account created before the restore (the operator's own) is kept as it is.
        user_model = get_user_model()
        existing = user_model._default_manager.filter(username=values["username"]).first()
        if existing is not None:
            return existing
        user = user_model(**values)
        # Passwords are not archived: restored editors set a new one ("Quên mật khẩu" or the admin).
        user.set_unusable_password()
        user.save()
        return user


LABELS = {
    "user": "tài khoản",
    "membership": "cơ quan làm việc của biên tập viên",
    "agency": "cơ quan",
    "official": "cán bộ",
    "appointment": "chức vụ",
    "programme": "chương trình",
    "article": "bài viết",
    "old_slug": "đường dẫn cũ",
    "legacy_import": "lần nhập bài cũ",
}


def restore_archive(lines: Iterable[str]) -> dict[str, int]:
    """Restores an archive into a database without content; returns how many records of each type.

    All or nothing: any error leaves the database as it was.
    """
    by_type = {section.type: section for section in sections()}
    restorer = _Restorer(by_type=by_type)
    with transaction.atomic():
        not_empty = [
            LABELS[section.type]
            for section in by_type.values()
            if section.type != "user" and section.model._default_manager.exists()
        ]
        if not_empty:
            raise ArchiveError(
                "Cơ sở dữ liệu đã có dữ liệu (" + ", ".join(not_empty) + "). "
                "Chỉ khôi phục vào cơ sở dữ liệu trống để không tạo bản trùng."
            )
        seen_header = False
        for number, record in parse_lines(lines):
            if record["type"] == "archive":
                if record.get("format") != ARCHIVE_FORMAT:
                    raise ArchiveError(f"Dòng {number}: phiên bản tệp lưu trữ “{record.get('format')}” không hỗ trợ.")
                seen_header = True
                continue
            if not seen_header:
                raise ArchiveError("Tệp không phải tệp lưu trữ của Tòa soạn (thiếu dòng đầu “archive”).")
            restorer.restore(number, record)
        if not seen_header:
            raise ArchiveError("Tệp lưu trữ trống.")
        for link in restorer.pending:
            link()
        restorer.write_many_links()
    return restorer.counts

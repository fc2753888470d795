"""Rebuilding the newsroom from an archive written by `articles.backup.archive.export_archive`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import models, transaction

from articles.backup.archive import ARCHIVE_FORMAT, ArchiveError, Section, archived_fields, sections
from articles.backup.media import copy_in
from articles.documents import linking


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
    # Types whose seeded rows were replaced by the archive's (site settings, menu).
    replaced: set[str] = field(default_factory=set)

    def resolve(self, number: int, target_type: str, key: Any) -> int | None:
        if key is None:
            return None
        try:
            return self.restored[target_type][key]
        except KeyError:
            label = LABELS[target_type]
            raise ArchiveError(f"Dòng {number}: không tìm thấy {label} “{key}” trong tệp lưu trữ.") from None

    def load_json_links(self, number: int, value: Any, links: dict[str, str]) -> Any:
        """A JSON field's natural keys as this database's ids (the reverse of archive.dump_json_links)."""
        if not isinstance(value, dict):
            return value
        loaded = dict(value)
        for name, target_type in links.items():
            if name not in loaded:
                continue
            linked = loaded[name]
            if isinstance(linked, list):
                loaded[name] = sorted(cast(int, self.resolve(number, target_type, key)) for key in linked)
            else:
                loaded[name] = self.resolve(number, target_type, linked)
        return loaded

    def restore(self, number: int, record: dict[str, Any]) -> None:
        section = self.by_type.get(record["type"])
        if section is None:
            raise ArchiveError(f"Dòng {number}: loại bản ghi “{record['type']}” không được hỗ trợ.")
        model = section.model
        if section.replaces_seeded and section.type not in self.replaced:
            model._default_manager.all().delete()
            self.replaced.add(section.type)
        for name, links in section.json_links.items():
            if name in record:
                record = {**record, name: self.load_json_links(number, record[name], links)}
        values: dict[str, Any] = {}
        exact: dict[str, Any] = {}
        for model_field in archived_fields(section):
            if model_field.name not in record:
                continue
            value = load_value(model_field, record[model_field.name])
            (exact if is_set_on_save(model_field) else values)[model_field.attname] = value
        later_links: dict[str, tuple[str, Any]] = {}
        for name, target_type in section.references.items():
            attname = cast(models.Field, model._meta.get_field(name)).attname
            if target_type == section.type:
                later_links[attname] = (target_type, record.get(name))
            else:
                values[attname] = self.resolve(number, target_type, record.get(name))

        if section.type == "user":
            obj = self.restore_user(values)
        elif section.seeded and (
            seeded := model._default_manager.filter(**{str(section.key): record[str(section.key)]}).first()
        ):
            for attname, value in values.items():
                setattr(seeded, attname, value)
            obj = seeded
            obj.save()
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
            m2m = cast(models.ManyToManyField, section.model._meta.get_field(name))
            through = cast(type[models.Model], m2m.remote_field.through)
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
    "section": "chuyên mục",
    "article_type": "loại tin",
    "article": "bài viết",
    "old_slug": "đường dẫn cũ",
    "legacy_import": "lần nhập bài cũ",
    "document_type": "loại văn bản",
    "document_field": "lĩnh vực",
    "document": "văn bản",
    "document_file": "tệp văn bản",
    "document_relation": "quan hệ giữa văn bản",
    "document_mention": "bài viết nhắc đến văn bản",
    "number_suggestion": "số văn bản chưa có trong danh mục",
    "programme_target": "chỉ tiêu",
    "progress_report": "báo cáo kết quả thực hiện",
    "reported_value": "kết quả theo chỉ tiêu",
    "live_edit": "bản sửa bài đã đăng",
    "site_settings": "thông tin cổng",
    "menu_item": "mục trình đơn",
    "page": "trang",
    "english_version": "bản tiếng Anh",
    "spokesperson": "người phát ngôn",
}


def restore_archive(lines: Iterable[str], *, media: Path | None = None) -> dict[str, int]:
    """Restores an archive into a database without content; returns how many records of each type.

    With `media`, the files copied out with the archive (articles/backup/media.py) go back into the storage
    (counted as "file"). All or nothing for the database: any error leaves it as it was.
    """
    if media is not None and not media.is_dir():
        raise ArchiveError(f"Không tìm thấy thư mục tệp {media}.")
    by_type = {section.type: section for section in sections()}
    restorer = _Restorer(by_type=by_type)
    # The archive carries the links between articles and documents; saving them must not make them again.
    with transaction.atomic(), linking.linked_by_caller():
        not_empty = [
            LABELS[section.type]
            for section in by_type.values()
            if section.type != "user"
            and not (section.seeded or section.replaces_seeded)
            and section.model._default_manager.exists()
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
        if media is not None:
            restorer.counts["file"] = copy_in(media)
    return restorer.counts

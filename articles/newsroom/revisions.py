"""Readable text of an article revision and the difference between two revisions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils import timezone

from articles.newsroom.models import Agency, Article, Official, Programme
from articles.newsroom.sanitize import plain_text

BLOCK_END_RE = re.compile(r"(</(p|div|h[1-6]|li|tr|blockquote|figure|figcaption|table|ul|ol)>|<br\s*/?>)", re.I)

FIELDS = [
    ("title", "Tiêu đề"),
    ("lead", "Sapo"),
    ("body", "Nội dung"),
    ("cover", "Ảnh đại diện"),
    ("cover_alt", "Mô tả ảnh cho người khiếm thị"),
    ("cover_caption", "Chú thích ảnh"),
    ("source", "Nguồn"),
    ("agency", "Cơ quan"),
    ("published_at", "Ngày giờ đăng"),
    ("status", "Trạng thái"),
    ("officials", "Cán bộ được nhắc đến"),
    ("programmes", "Chương trình"),
    ("related", "Bài liên quan"),
]


def html_to_text(value: str) -> str:
    text = plain_text(BLOCK_END_RE.sub(lambda match: match.group(0) + "\n", value or ""))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


MODELS = {"officials": Official, "programmes": Programme, "related": Article}


def _names_by_id(dicts: list[dict]) -> dict[str, dict[int, str]]:
    """The names of everything the revisions link to: one query per kind of link, for all revisions at once."""
    names: dict[str, dict[int, str]] = {}
    agency_ids = {d.get("agency_id") for d in dicts if d.get("agency_id")}
    names["agency"] = {a.pk: str(a) for a in Agency.objects.filter(pk__in=agency_ids)} if agency_ids else {}
    for field, model in MODELS.items():
        ids = {int(pk) for d in dicts for pk in d.get(field) or []}
        names[field] = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)} if ids else {}
    return names


def _names(names: dict[int, str], ids) -> str:
    return "\n".join(names[pk] for pk in sorted(int(pk) for pk in ids or []) if pk in names)


def revision_text(field_dict: dict, names: dict[str, dict[int, str]] | None = None) -> dict[str, str]:
    """Each field of a revision as plain text, in the order editors see them."""
    names = names if names is not None else _names_by_id([field_dict])
    published_at = field_dict.get("published_at")
    status = field_dict.get("status", "")
    return {
        "title": field_dict.get("title", ""),
        "lead": field_dict.get("lead", ""),
        "body": html_to_text(field_dict.get("body", "")),
        "cover": str(field_dict.get("cover") or ""),
        "cover_alt": field_dict.get("cover_alt", ""),
        "cover_caption": field_dict.get("cover_caption", ""),
        "source": field_dict.get("source", ""),
        "agency": names["agency"].get(field_dict.get("agency_id") or 0, ""),
        "published_at": f"{timezone.localtime(published_at):%d/%m/%Y %H:%M}" if published_at else "",
        "status": Article.Status(status).label if status in Article.Status.values else status,
        "officials": _names(names["officials"], field_dict.get("officials")),
        "programmes": _names(names["programmes"], field_dict.get("programmes")),
        "related": _names(names["related"], field_dict.get("related")),
    }


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (kind, text); kind is "added", "removed" or "same"


def compare(old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two revisions, each as a line-by-line diff."""
    names = _names_by_id([old, new])
    old_text, new_text = revision_text(old, names), revision_text(new, names)
    changes = []
    for field, label in FIELDS:
        if old_text[field] == new_text[field]:
            continue
        lines = []
        for line in difflib.ndiff(old_text[field].splitlines(), new_text[field].splitlines()):
            marker, text = line[:2], line[2:]
            if marker == "? ":
                continue
            kind = {"+ ": "added", "- ": "removed"}.get(marker, "same")
            lines.append((kind, text))
        changes.append(FieldDiff(label=label, lines=lines))
    return changes

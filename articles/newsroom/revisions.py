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
    ("cover_alt", "Mô tả ảnh"),
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


def _names(model, ids) -> str:
    ids = [int(pk) for pk in ids or []]
    return "\n".join(str(obj) for obj in model.objects.filter(pk__in=ids).order_by("pk"))


def revision_text(field_dict: dict) -> dict[str, str]:
    """Each field of a revision as plain text, in the order editors see them."""
    published_at = field_dict.get("published_at")
    status = field_dict.get("status", "")
    agency_id = field_dict.get("agency_id")
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id is not None else None
    return {
        "title": field_dict.get("title", ""),
        "lead": field_dict.get("lead", ""),
        "body": html_to_text(field_dict.get("body", "")),
        "cover": str(field_dict.get("cover") or ""),
        "cover_alt": field_dict.get("cover_alt", ""),
        "cover_caption": field_dict.get("cover_caption", ""),
        "source": field_dict.get("source", ""),
        "agency": str(agency or ""),
        "published_at": f"{timezone.localtime(published_at):%d/%m/%Y %H:%M}" if published_at else "",
        "status": Article.Status(status).label if status in Article.Status.values else status,
        "officials": _names(Official, field_dict.get("officials")),
        "programmes": _names(Programme, field_dict.get("programmes")),
        "related": _names(Article, field_dict.get("related")),
    }


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (kind, text); kind is "added", "removed" or "same"


def compare(old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two revisions, each as a line-by-line diff."""
    old_text, new_text = revision_text(old), revision_text(new)
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

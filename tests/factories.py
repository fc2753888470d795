"""Small factory functions for test data."""

from __future__ import annotations

import datetime
import io
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.newsroom.models import Agency, Appointment, Article, Official, Programme

_seq = itertools.count(1)
# Generated programme codes stay in 100..999 so they never collide with the real ones tests name (06-CTr/TU).
_programme_seq = itertools.count(0)


def make_agency(name: str | None = None, **fields: Any) -> Agency:
    return Agency.objects.create(name=name or f"Sở thử nghiệm {next(_seq)}", **fields)


def make_official(full_name: str | None = None, **fields: Any) -> Official:
    return Official.objects.create(full_name=full_name or f"Nguyễn Văn Thử {next(_seq)}", **fields)


def make_appointment(
    official: Official,
    *,
    title: str = "Giám đốc Sở",
    agency: Agency | None = None,
    start: datetime.date = datetime.date(2015, 1, 1),
    end: datetime.date | None = None,
) -> Appointment:
    appointment = Appointment(
        official=official, agency=agency or make_agency(), title=title, start_date=start, end_date=end
    )
    appointment.full_clean()
    appointment.save()
    return appointment


def make_programme(code: str | None = None, **fields: Any) -> Programme:
    fields.setdefault("title", "Chương trình thử nghiệm")
    return Programme.objects.create(code=code or f"{100 + next(_programme_seq) % 900}-CTr/TU", **fields)


def make_article(title: str | None = None, **fields: Any) -> Article:
    officials = fields.pop("officials", [])
    programmes = fields.pop("programmes", [])
    related = fields.pop("related", [])
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    if "agency" not in fields:
        fields["agency"] = make_agency()
    article = Article.objects.create(title=title or f"Bài viết thử nghiệm {next(_seq)}", **fields)
    article.officials.set(officials)
    article.programmes.set(programmes)
    article.related.set(related)
    return article


def picture_file(name: str = "anh.png", size: tuple[int, int] = (64, 48), fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def make_staff(username: str = "bientap", **fields: Any):
    user = get_user_model().objects.create_user(username=username, password="mat-khau-dai-123", is_staff=True, **fields)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    return user


ROLE_GROUPS = {"writer": "Biên tập viên", "approver": "Người duyệt", "site_admin": "Quản trị trang"}


def make_editor(username: str, *, roles: tuple[str, ...] = ("writer",), agencies: tuple[Agency, ...] = (), **fields):
    """A staff user in the editorial groups of `roles`, working for `agencies`."""
    from django.contrib.auth.models import Group

    from articles.newsroom.models import EditorMembership

    user = get_user_model().objects.create_user(username=username, password="mat-khau-dai-123", is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=[ROLE_GROUPS[role] for role in roles]))
    for agency in agencies:
        EditorMembership.objects.create(user=user, agency=agency)
    return user


def split_datetime(value: datetime.datetime, prefix: str) -> dict[str, str]:
    """The admin's two inputs (date, time) for a datetime, in Hanoi time."""
    local = timezone.localtime(value)
    return {f"{prefix}_0": f"{local:%d/%m/%Y}", f"{prefix}_1": f"{local:%H:%M}"}


def article_form_data(article: Article, **changes: Any) -> dict[str, Any]:
    """What the admin change form posts for `article`, with `changes` applied."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "loaded_version": article.version,
        "cover_alt": article.cover_alt,
        "cover_caption": article.cover_caption,
        "agency": article.agency_id,
        "source": article.source,
        "officials": [official.pk for official in article.officials.all()],
        "programmes": [programme.pk for programme in article.programmes.all()],
        "related": [related.pk for related in article.related.all()],
        **split_datetime(article.published_at, "published_at"),
    }
    data.update(changes)
    if changes.get("cover") and not data.get("cover_alt"):
        data["cover_alt"] = "Ảnh minh họa"  # a cover needs alt text (issue 5)
    return {key: value for key, value in data.items() if value is not None}


def make_spokesperson(agency: Agency, official: Official | None = None, **fields: Any):
    """A spokesperson of `agency`, checked as the admin checks it (full_clean)."""
    from articles.press.models import Spokesperson

    fields.setdefault("phone", "024 3825 3536")
    fields.setdefault("email", "baochi@hanoi.gov.vn")
    fields.setdefault("start_date", datetime.date(2020, 1, 1))
    spokesperson = Spokesperson(agency=agency, official=official or make_official(), **fields)
    spokesperson.full_clean()
    spokesperson.save()
    return spokesperson


def make_english_version(article: Article, **fields: Any):
    """A published English version of `article` unless `status` says otherwise."""
    from articles.english.models import EnglishVersion

    fields.setdefault("title", f"English: {article.slug}")
    fields.setdefault("lead", "An English lead.")
    fields.setdefault("body", "<p>An English body.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    english = EnglishVersion(article=article, **fields)
    english.full_clean()
    english.save()
    return english


# --- the documents register (articles/documents) ----------------------------------------------------------------


def document_type(symbol: str):
    """A type seeded by the documents app's migration, by its symbol (`QĐ`, `CTr`, `BC`; "" for Công văn)."""
    from articles.documents.models import DocumentType

    return DocumentType.objects.get(symbol=symbol)


def make_document(number: str = "1234/QĐ-UBND", **fields: Any):
    """A document (published an hour ago unless told), its type read from the number's symbol."""
    from articles.documents import numbers
    from articles.documents.models import Document, DocumentType

    parsed = numbers.parse_printed(number)
    assert parsed is not None, number
    if "document_type" not in fields:
        fields["document_type"] = next(t for t in DocumentType.objects.all() if t.type_key == parsed.type_key)
    fields.setdefault("summary", f"Về việc thử nghiệm văn bản {number}")
    fields.setdefault("issued_on", datetime.date(parsed.year or 2024, 3, 15))
    fields.setdefault("status", Document.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    if "agency" not in fields:
        fields["agency"] = make_agency()
    document = Document(number=number, **fields)
    document.full_clean()
    document.save()
    return document


def pdf_bytes(pages: int = 1, text: str = "") -> bytes:
    """A real PDF (pypdf) of blank A4 pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_file(name: str = "van-ban.pdf", pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")

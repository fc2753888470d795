"""Small objects that appear many times in one answer (an article's agency, officials, programmes; an agency's
children; an official's appointments), built as plain dicts and validated by pydantic itself.

A list of 20 articles holds ~100 of them. As django-ninja `Schema`s each would be read field by field through
ninja's `DjangoGetter` and each URL would be a `reverse()`: about half the CPU of the whole answer. Here the URLs
come from the models' own `get_absolute_url()`, remembered per slug, and the host part once per answer.
"""

from __future__ import annotations

import datetime
import functools
from typing import Annotated, Any

from django.db.models import Model
from django.utils import timezone
from pydantic import AfterValidator, BaseModel, Field, PlainSerializer, WithJsonSchema

from articles.newsroom.models import Agency, Appointment, Article, ArticleType, Official, Programme, Section
from articles.newsroom.text import nfc
from articles.press.models import Spokesperson


def _hanoi_time(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat()


# ISO 8601 in Hanoi time, as the site shows it: 2018-06-18T19:52:00+07:00.
HanoiDateTime = Annotated[
    datetime.datetime,
    PlainSerializer(_hanoi_time, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2018-06-18T19:52:00+07:00"]}),
]
# Text as readers should compare it: Vietnamese letters composed (NFC), whatever was typed or imported.
Text = Annotated[str, AfterValidator(nfc)]


@functools.lru_cache(maxsize=8192)
def _page_path(model: type[Model], slug: str) -> str:
    return model(slug=slug).get_absolute_url()  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8192)
def _permalink_path(pk: int) -> str:
    return Article(pk=pk).get_permanent_url()


def absolute(context: Any, path: str) -> str:
    """`path` on this site's address, as the request came in (scheme and host read once per answer)."""
    origin = context.get("origin")
    if origin is None:
        request = context["request"]
        origin = context["origin"] = f"{request.scheme}://{request.get_host()}"
    return origin + path


def page_url(context: Any, obj: Agency | Official | Programme | Article | Section | ArticleType) -> str:
    return absolute(context, _page_path(type(obj), obj.slug))


def permalink(context: Any, article: Article) -> str:
    return absolute(context, _permalink_path(article.pk))


class AgencyRef(BaseModel):
    id: int
    slug: str
    name: Text
    url: str = Field(description="Trang của cơ quan trên cổng thông tin.")


class OfficialRef(BaseModel):
    id: int
    slug: str
    full_name: Text
    url: str


class OfficialThen(OfficialRef):
    titles_then: list[Text] = Field(description="Chức vụ giữ vào ngày đăng bài.")


class ProgrammeRef(BaseModel):
    id: int
    slug: str
    code: str = Field(description="Số hiệu, ví dụ 06-CTr/TU.")
    title: Text
    url: str


class SectionRef(BaseModel):
    id: int
    slug: str
    name: Text
    url: str = Field(description="Trang của chuyên mục trên cổng thông tin.")


class ArticleTypeRef(BaseModel):
    id: int
    slug: str
    name: Text
    url: str = Field(description="Trang của loại tin trên cổng thông tin.")


class ArticleRef(BaseModel):
    id: int
    title: Text
    published_at: HanoiDateTime
    url: str


class Cover(BaseModel):
    url: str
    width: int | None
    height: int | None
    alt: Text = Field(description="Mô tả ảnh cho người khiếm thị.")
    caption: Text


class SpokespersonOut(BaseModel):
    official: OfficialRef
    role: Spokesperson.Role
    role_label: Text
    phone: str = Field(description="Điện thoại cho báo chí.")
    email: str = Field(description="Thư điện tử cho báo chí.")
    start_date: datetime.date
    end_date: datetime.date | None


class AppointmentOut(BaseModel):
    title: Text
    agency: AgencyRef
    start_date: datetime.date
    end_date: datetime.date | None = Field(description="Trống nếu đang giữ chức.")


def agency_ref(context: Any, agency: Agency | None) -> dict[str, Any] | None:
    if agency is None:
        return None
    return {"id": agency.pk, "slug": agency.slug, "name": agency.name, "url": page_url(context, agency)}


def official_ref(context: Any, pk: int, slug: str, full_name: str) -> dict[str, Any]:
    return {"id": pk, "slug": slug, "full_name": full_name, "url": absolute(context, _page_path(Official, slug))}


def official_then(context: Any, official: Official) -> dict[str, Any]:
    """An official from `Article.officials_with_titles_then()`, with the titles held on the article's day."""
    titles = [appointment.title for appointment in getattr(official, "appointments_then", [])]
    return {**official_ref(context, official.pk, official.slug, official.full_name), "titles_then": titles}


def programme_ref(context: Any, pk: int, slug: str, code: str, title: str) -> dict[str, Any]:
    return {"id": pk, "slug": slug, "code": code, "title": title, "url": absolute(context, _page_path(Programme, slug))}


def section_ref(context: Any, pk: int, slug: str, name: str) -> dict[str, Any]:
    return {"id": pk, "slug": slug, "name": name, "url": absolute(context, _page_path(Section, slug))}


def article_type_ref(context: Any, article_type: ArticleType | None) -> dict[str, Any] | None:
    if article_type is None:
        return None
    return {
        "id": article_type.pk,
        "slug": article_type.slug,
        "name": article_type.name,
        "url": page_url(context, article_type),
    }


def article_ref(context: Any, article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.title,
        "published_at": article.published_at,
        "url": page_url(context, article),
    }


def cover(context: Any, article: Article) -> dict[str, Any] | None:
    if not article.cover:
        return None
    return {
        "url": absolute(context, article.cover.url) if article.cover.url.startswith("/") else article.cover.url,
        "width": article.cover_width,
        "height": article.cover_height,
        "alt": article.cover_alt,
        "caption": article.cover_caption,
    }


def spokesperson(context: Any, speaker: Spokesperson) -> dict[str, Any]:
    official = speaker.official
    return {
        "official": official_ref(context, official.pk, official.slug, official.full_name),
        "role": speaker.role,
        "role_label": str(speaker.get_role_display()),
        "phone": speaker.phone,
        "email": speaker.email,
        "start_date": speaker.start_date,
        "end_date": speaker.end_date,
    }


def appointment(context: Any, held: Appointment) -> dict[str, Any]:
    return {
        "title": held.title,
        "agency": agency_ref(context, held.agency),
        "start_date": held.start_date,
        "end_date": held.end_date,
    }

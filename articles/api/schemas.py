"""What each object of the API looks like: ids that never change, public URLs, times in Hanoi, text in NFC.

Field names are English (stable, for programs); descriptions are Vietnamese (they show in the documentation page).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field, PlainSerializer, WithJsonSchema

from articles.newsroom.models import Agency, Appointment, Article, Official, Programme
from articles.newsroom.text import nfc


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


def _absolute(context: Any, path: str) -> str:
    return context["request"].build_absolute_uri(path)


class AgencyRef(Schema):
    id: int
    slug: str
    name: Text
    url: str = Field(description="Trang của cơ quan trên cổng thông tin.")

    @staticmethod
    def resolve_url(obj: Agency, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())


class OfficialRef(Schema):
    id: int
    slug: str
    full_name: Text
    url: str

    @staticmethod
    def resolve_url(obj: Official, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())


class ProgrammeRef(Schema):
    id: int
    slug: str
    code: str = Field(description="Số hiệu, ví dụ 06-CTr/TU.")
    title: Text
    url: str

    @staticmethod
    def resolve_url(obj: Programme, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())


class Cover(Schema):
    url: str
    width: int | None
    height: int | None
    alt: Text = Field(description="Mô tả ảnh cho người khiếm thị.")
    caption: Text


def _cover(article: Article, context: Any) -> Cover | None:
    if not article.cover:
        return None
    return Cover(
        url=_absolute(context, article.cover.url),
        width=article.cover_width,
        height=article.cover_height,
        alt=article.cover_alt,
        caption=article.cover_caption,
    )


class ArticleSummary(Schema):
    id: int = Field(description="Mã bài viết, không bao giờ đổi.")
    slug: str = Field(description="Đường dẫn hiện tại; có thể đổi (đường dẫn cũ vẫn chuyển tiếp).")
    title: Text
    lead: Text = Field(description="Sapo (đoạn tóm tắt), dạng chữ.")
    published_at: HanoiDateTime = Field(description="Ngày giờ đăng, giờ Hà Nội.")
    updated_at: HanoiDateTime = Field(description="Lần sửa cuối, giờ Hà Nội.")
    url: str = Field(description="Trang bài viết trên cổng thông tin.")
    permalink: str = Field(description="Địa chỉ cố định, luôn dẫn tới trang hiện tại của bài.")
    agency: AgencyRef
    officials: Sequence[OfficialRef] = Field(description="Cán bộ được nhắc đến.")
    programmes: list[ProgrammeRef]
    cover: Cover | None = Field(description="Ảnh đại diện, nếu có.")

    @staticmethod
    def resolve_url(obj: Article, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_permalink(obj: Article, context: Any) -> str:
        return _absolute(context, obj.get_permanent_url())

    @staticmethod
    def resolve_cover(obj: Article, context: Any) -> Cover | None:
        return _cover(obj, context)


class OfficialThen(OfficialRef):
    titles_then: list[Text] = Field(description="Chức vụ giữ vào ngày đăng bài.")

    @staticmethod
    def resolve_titles_then(obj: Official) -> list[str]:
        # Set by Article.officials_with_titles_then().
        return [appointment.title for appointment in getattr(obj, "appointments_then", [])]


class ArticleRef(Schema):
    id: int
    title: Text
    published_at: HanoiDateTime
    url: str

    @staticmethod
    def resolve_url(obj: Article, context: Any) -> str:
        return _absolute(context, obj.get_absolute_url())


class ArticleDetail(ArticleSummary):
    body_html: str = Field(description="Nội dung (HTML đã lọc theo danh sách thẻ cho phép).")
    source: Text = Field(description="Nguồn tin.")
    officials: list[OfficialThen] = Field(description="Cán bộ được nhắc đến, với chức vụ giữ vào ngày đăng bài.")
    mentioned_agencies: list[AgencyRef]
    related: list[ArticleRef] = Field(description="Bài liên quan (chỉ bài đang công khai).")

    @staticmethod
    def resolve_body_html(obj: Article) -> str:
        return nfc(obj.body)

    @staticmethod
    def resolve_officials(obj: Article) -> list[Official]:
        return obj.officials_with_titles_then()

    @staticmethod
    def resolve_related(obj: Article) -> list[Article]:
        return list(obj.related.published().only("title", "slug", "published_at"))


class Contacts(Schema):
    address: Text
    phone: str
    email: str
    website: str


class AgencyOut(AgencyRef):
    aliases: list[Text] = Field(description="Tên viết tắt, tên gọi khác.")
    kind: Agency.Kind
    kind_label: Text
    status: Agency.Status
    status_label: Text
    description: Text
    contacts: Contacts = Field(description="Thông tin liên hệ (Nghị định 42/2022/NĐ-CP).")
    parent: AgencyRef | None = Field(description="Cơ quan cấp trên.")
    children: list[AgencyRef] = Field(description="Cơ quan trực thuộc.")
    superseded_by: AgencyRef | None = Field(description="Cơ quan kế thừa (sáp nhập, đổi tên).")
    ended_on: datetime.date | None = Field(description="Ngày kết thúc hoạt động.")

    @staticmethod
    def resolve_aliases(obj: Agency) -> list[str]:
        return obj.alias_list

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Agency) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_contacts(obj: Agency) -> Contacts:
        return Contacts(address=obj.address, phone=obj.phone, email=obj.email, website=obj.website)


class AppointmentOut(Schema):
    title: Text
    agency: AgencyRef
    start_date: datetime.date
    end_date: datetime.date | None = Field(description="Trống nếu đang giữ chức.")

    @staticmethod
    def resolve_agency(obj: Appointment) -> Agency:
        return obj.agency


class OfficialOut(OfficialRef):
    biography: Text
    portrait: str | None = Field(description="Ảnh chân dung, nếu có.")
    appointments: list[AppointmentOut] = Field(description="Quá trình công tác, mới nhất trước.")

    @staticmethod
    def resolve_portrait(obj: Official, context: Any) -> str | None:
        return _absolute(context, obj.portrait.url) if obj.portrait else None


class ProgrammeOut(ProgrammeRef):
    issuing_agency: AgencyRef | None
    start_year: int | None
    end_year: int | None
    summary: Text
    article_count: int = Field(description="Số bài viết đang công khai về chương trình.")


class NextPage(Schema):
    next: str | None = Field(description="Địa chỉ trang sau (cùng bộ lọc); null ở trang cuối.")
    next_cursor: str | None = Field(description="Giá trị `cursor` của trang sau.")


class ArticlePage(NextPage):
    items: list[ArticleSummary]


class AgencyPage(NextPage):
    items: list[AgencyOut]


class OfficialPage(NextPage):
    items: list[OfficialOut]


class ProgrammePage(NextPage):
    items: list[ProgrammeOut]


class ErrorItem(Schema):
    parameter: str
    message: str


class Error(Schema):
    """Every 4xx answer has this body."""

    status: int
    title: str = Field(description="Tên lỗi, tiếng Việt.")
    detail: str = Field(description="Điều cần sửa, tiếng Việt.")
    errors: list[ErrorItem] = Field(default_factory=list, description="Từng tham số sai, nếu có.")

"""What each object of the API looks like: ids that never change, public URLs, times in Hanoi, text in NFC.

Field names are English (stable, for programs); descriptions are Vietnamese (they show in the documentation page).
The objects of a list are django-ninja `Schema`s read from the ORM rows; what they hold many of (references to
agencies, officials, programmes) is built in refs.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from articles.api import refs
from articles.api.refs import (
    AgencyRef,
    AppointmentOut,
    ArticleRef,
    Cover,
    HanoiDateTime,
    OfficialRef,
    OfficialThen,
    ProgrammeRef,
    SpokespersonOut,
    Text,
)
from articles.api.selectors import Listed
from articles.newsroom.models import Agency, Official, Programme
from articles.newsroom.text import nfc

__all__ = ["AgencyRef", "ArticleRef", "OfficialRef", "ProgrammeRef"]


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
    officials: list[OfficialRef] = Field(description="Cán bộ được nhắc đến.")
    programmes: list[ProgrammeRef]
    cover: Cover | None = Field(description="Ảnh đại diện, nếu có.")

    # Articles come as selectors.Listed: the article and its officials' and programmes' rows.
    @staticmethod
    def resolve_url(obj: Listed, context: Any) -> str:
        return refs.page_url(context, obj.article)

    @staticmethod
    def resolve_permalink(obj: Listed, context: Any) -> str:
        return refs.permalink(context, obj.article)

    @staticmethod
    def resolve_agency(obj: Listed, context: Any) -> dict[str, Any] | None:
        return refs.agency_ref(context, obj.article.agency)

    @staticmethod
    def resolve_officials(obj: Listed, context: Any) -> list[dict[str, Any]]:
        return [refs.official_ref(context, *row) for row in obj.officials]

    @staticmethod
    def resolve_programmes(obj: Listed, context: Any) -> list[dict[str, Any]]:
        return [refs.programme_ref(context, *row) for row in obj.programmes]

    @staticmethod
    def resolve_cover(obj: Listed, context: Any) -> dict[str, Any] | None:
        return refs.cover(context, obj.article)


class ArticleDetail(ArticleSummary):
    body_html: str = Field(description="Nội dung (HTML đã lọc theo danh sách thẻ cho phép).")
    source: Text = Field(description="Nguồn tin.")
    officials: list[OfficialThen] = Field(  # type: ignore[assignment]  # a list of a subclass: still OfficialRefs
        description="Cán bộ được nhắc đến, với chức vụ giữ vào ngày đăng bài."
    )
    mentioned_agencies: list[AgencyRef]
    related: list[ArticleRef] = Field(description="Bài liên quan (chỉ bài đang công khai).")

    @staticmethod
    def resolve_body_html(obj: Listed) -> str:
        return nfc(obj.article.body)

    @staticmethod
    def resolve_officials(obj: Listed, context: Any) -> list[dict[str, Any]]:
        return [refs.official_then(context, official) for official in obj.article.officials_with_titles_then()]

    @staticmethod
    def resolve_mentioned_agencies(obj: Listed, context: Any) -> list[dict[str, Any] | None]:
        agencies = obj.article.mentioned_agencies.only("slug", "name")
        return [refs.agency_ref(context, agency) for agency in agencies]

    @staticmethod
    def resolve_related(obj: Listed, context: Any) -> list[dict[str, Any]]:
        related = obj.article.related.published().only("title", "slug", "published_at")
        return [refs.article_ref(context, article) for article in related]


class Contacts(Schema):
    address: Text
    phone: str
    email: str
    website: str
    working_hours: Text = Field(description="Giờ làm việc.")


class AgencyOut(Schema):
    id: int
    slug: str
    name: Text
    url: str = Field(description="Trang của cơ quan trên cổng thông tin.")
    aliases: list[Text] = Field(description="Tên viết tắt, tên gọi khác.")
    kind: Agency.Kind
    kind_label: Text
    status: Agency.Status
    status_label: Text
    description: Text
    contacts: Contacts = Field(description="Thông tin liên hệ (Nghị định 42/2022/NĐ-CP).")
    spokespersons: list[SpokespersonOut] = Field(
        description="Người phát ngôn và người cung cấp thông tin cho báo chí hiện nay (Nghị định 09/2017/NĐ-CP)."
    )
    parent: AgencyRef | None = Field(description="Cơ quan cấp trên.")
    children: list[AgencyRef] = Field(description="Cơ quan trực thuộc.")
    superseded_by: AgencyRef | None = Field(description="Cơ quan kế thừa (sáp nhập, đổi tên).")
    ended_on: datetime.date | None = Field(description="Ngày kết thúc hoạt động.")

    @staticmethod
    def resolve_url(obj: Agency, context: Any) -> str:
        return refs.page_url(context, obj)

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
        return Contacts(
            address=obj.address,
            phone=obj.phone,
            email=obj.email,
            website=obj.website,
            working_hours=obj.working_hours,
        )

    @staticmethod
    def resolve_spokespersons(obj: Agency, context: Any) -> list[dict[str, Any]]:
        # Spokesperson.objects.current(), prefetched by selectors._agencies().
        return [refs.spokesperson(context, speaker) for speaker in getattr(obj, "current_spokespersons", [])]

    @staticmethod
    def resolve_parent(obj: Agency, context: Any) -> dict[str, Any] | None:
        return refs.agency_ref(context, obj.parent)

    @staticmethod
    def resolve_children(obj: Agency, context: Any) -> list[dict[str, Any] | None]:
        return [refs.agency_ref(context, child) for child in obj.children.all()]

    @staticmethod
    def resolve_superseded_by(obj: Agency, context: Any) -> dict[str, Any] | None:
        return refs.agency_ref(context, obj.superseded_by)


class OfficialOut(Schema):
    id: int
    slug: str
    full_name: Text
    url: str
    biography: Text
    portrait: str | None = Field(description="Ảnh chân dung, nếu có.")
    appointments: list[AppointmentOut] = Field(description="Quá trình công tác, mới nhất trước.")

    @staticmethod
    def resolve_url(obj: Official, context: Any) -> str:
        return refs.page_url(context, obj)

    @staticmethod
    def resolve_portrait(obj: Official, context: Any) -> str | None:
        if not obj.portrait:
            return None
        url = obj.portrait.url
        return refs.absolute(context, url) if url.startswith("/") else url

    @staticmethod
    def resolve_appointments(obj: Official, context: Any) -> list[dict[str, Any]]:
        return [refs.appointment(context, held) for held in obj.appointments.all()]


class ProgrammeOut(Schema):
    id: int
    slug: str
    code: str = Field(description="Số hiệu, ví dụ 06-CTr/TU.")
    title: Text
    url: str
    issuing_agency: AgencyRef | None
    start_year: int | None
    end_year: int | None
    summary: Text
    article_count: int = Field(description="Số bài viết đang công khai về chương trình.")

    @staticmethod
    def resolve_url(obj: Programme, context: Any) -> str:
        return refs.page_url(context, obj)

    @staticmethod
    def resolve_issuing_agency(obj: Programme, context: Any) -> dict[str, Any] | None:
        return refs.agency_ref(context, obj.issuing_agency)


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

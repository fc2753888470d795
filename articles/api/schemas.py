"""What each object of the API looks like: ids that never change, public URLs, times in Hanoi, text in NFC.

Field names are English (stable, for programs); descriptions are Vietnamese (they show in the documentation page).
The objects of a list are django-ninja `Schema`s read from the ORM rows; what they hold many of (references to
agencies, officials, programmes) is built in refs.py.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field, WithJsonSchema

from articles.api import refs
from articles.api.refs import (
    AgencyRef,
    AppointmentOut,
    ArticleRef,
    ArticleTypeRef,
    Cover,
    HanoiDateTime,
    OfficialRef,
    OfficialThen,
    ProgrammeRef,
    SectionRef,
    SpokespersonOut,
    Text,
)
from articles.api.selectors import Listed, ListedDocument
from articles.documents.models import DocumentFile
from articles.documents.selectors import RelationLine
from articles.documents.validity import RelationKind, Validity
from articles.newsroom.models import Agency, ArticleType, Official, Programme, Section
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
    sections: list[SectionRef] = Field(description="Các chuyên mục của bài.")
    type: ArticleTypeRef | None = Field(description="Loại tin.")
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
    def resolve_sections(obj: Listed, context: Any) -> list[dict[str, Any]]:
        return [refs.section_ref(context, *row) for row in obj.sections]

    @staticmethod
    def resolve_type(obj: Listed, context: Any) -> dict[str, Any] | None:
        return refs.article_type_ref(context, obj.article.article_type)

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


class SectionOut(Schema):
    id: int = Field(description="Mã chuyên mục, không bao giờ đổi; dùng cho tham số `section` của /articles/.")
    slug: str
    name: Text
    description: Text = Field(description="Giới thiệu chuyên mục.")
    order: int = Field(description="Thứ tự trong trình đơn của cổng thông tin (số nhỏ đứng trước).")
    url: str = Field(description="Trang của chuyên mục trên cổng thông tin.")

    @staticmethod
    def resolve_url(obj: Section, context: Any) -> str:
        return refs.page_url(context, obj)


class ArticleTypeOut(Schema):
    id: int = Field(description="Mã loại tin, không bao giờ đổi; dùng cho tham số `type` của /articles/.")
    slug: str
    name: Text
    order: int = Field(description="Thứ tự (số nhỏ đứng trước).")
    url: str = Field(description="Trang của loại tin trên cổng thông tin.")

    @staticmethod
    def resolve_url(obj: ArticleType, context: Any) -> str:
        return refs.page_url(context, obj)


class DocumentTypeOut(Schema):
    id: int
    slug: str = Field(description="Giá trị của tham số `type` của /documents/.")
    name: Text
    symbol: str = Field(description="Ký hiệu loại (QĐ, KH, CTr…); trống với công văn.")


class DocumentFieldOut(Schema):
    id: int
    slug: str = Field(description="Giá trị của tham số `field` của /documents/.")
    name: Text


class Signer(OfficialRef):
    title: Text = Field(description="Chức danh ký, như ghi trên văn bản (ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).")


class DocumentRef(Schema):
    id: int
    title: Text = Field(description="Tên văn bản: loại và số, ký hiệu.")
    number: str
    issued_on: datetime.date | None
    url: str

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return refs.absolute(context, obj.get_absolute_url())


class DocumentRelationOut(Schema):
    kind: RelationKind = Field(description="Quan hệ, đọc từ phía văn bản gây ra nó (`source`).")
    direction: Literal["outgoing", "incoming"] = Field(
        description="`outgoing`: văn bản này thay thế, sửa đổi, ngưng hiệu lực, thực hiện, hướng dẫn văn bản kia; "
        "`incoming`: văn bản kia làm điều đó với văn bản này."
    )
    label: Text = Field(description="Quan hệ đọc từ phía văn bản này, ví dụ “Được thay thế bởi”.")
    note: Text = Field(description="Phạm vi, ví dụ: Điều 5, khoản 2.")
    document: DocumentRef = Field(description="Văn bản kia (chỉ văn bản đang công khai).")

    @staticmethod
    def resolve_direction(obj: RelationLine) -> str:
        return "outgoing" if obj.outgoing else "incoming"

    @staticmethod
    def resolve_document(obj: RelationLine) -> Any:
        return obj.other


# Inline: as a component it would be named `Kind`, as an agency's kind is (one would replace the other).
FileKind = Annotated[
    DocumentFile.Kind, WithJsonSchema({"type": "string", "enum": [kind.value for kind in DocumentFile.Kind]})
]


class DocumentFileOut(Schema):
    id: int
    label: Text = Field(description="Tên tệp.")
    kind: FileKind = Field(description="Định dạng, đã kiểm tra từ nội dung tệp.")
    kind_label: str
    size: int = Field(description="Dung lượng, byte.")
    pages: int | None = Field(description="Số trang (PDF).")
    url: str = Field(description="Địa chỉ tải tệp.")

    @staticmethod
    def resolve_kind_label(obj: DocumentFile) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_url(obj: DocumentFile, context: Any) -> str:
        path = reverse("documents:download", kwargs={"slug": obj.document.slug, "pk": obj.pk})
        return refs.absolute(context, path)


class DocumentOut(Schema):
    id: int = Field(description="Mã văn bản, không bao giờ đổi.")
    slug: str
    title: Text = Field(description="Tên văn bản: loại và số, ký hiệu, ví dụ “Quyết định số 1234/QĐ-UBND”.")
    number: str = Field(description="Số, ký hiệu như ghi trên văn bản.")
    document_type: DocumentTypeOut
    summary: Text = Field(description="Trích yếu.")
    description: Text = Field(description="Tóm tắt nội dung.")
    agency: AgencyRef | None = Field(description="Cơ quan ban hành.")
    joint_agencies: list[AgencyRef] = Field(description="Cơ quan cùng ban hành.")
    signer: Signer | None = Field(description="Người ký và chức danh ký.")
    issued_on: datetime.date | None = Field(description="Ngày ban hành.")
    effective_on: datetime.date | None = Field(description="Ngày có hiệu lực (trống: từ ngày ban hành).")
    expires_on: datetime.date | None = Field(description="Ngày cuối cùng còn hiệu lực, nếu có.")
    year: int | None = Field(description="Năm ban hành.")
    field: DocumentFieldOut | None = Field(description="Lĩnh vực.")
    validity: Validity = Field(description="Tình trạng hiệu lực hôm nay, theo ngày và quan hệ với văn bản khác.")
    validity_label: Text
    programme: ProgrammeRef | None = Field(description="Chương trình mà văn bản này là văn bản gốc.")
    files: list[DocumentFileOut]
    relations: list[DocumentRelationOut] = Field(description="Quan hệ với văn bản khác, cả hai chiều.")
    published_at: HanoiDateTime = Field(description="Ngày giờ đăng lên cổng thông tin, giờ Hà Nội.")
    updated_at: HanoiDateTime = Field(description="Lần sửa cuối, giờ Hà Nội.")
    url: str = Field(description="Trang của văn bản trên cổng thông tin.")

    # Documents come as selectors.ListedDocument: the document with its files, co-issuers and relations.
    @staticmethod
    def resolve_agency(obj: ListedDocument, context: Any) -> dict[str, Any] | None:
        return refs.agency_ref(context, obj.document.agency)

    @staticmethod
    def resolve_joint_agencies(obj: ListedDocument, context: Any) -> list[dict[str, Any] | None]:
        return [refs.agency_ref(context, agency) for agency in obj.joint_agencies]

    @staticmethod
    def resolve_signer(obj: ListedDocument, context: Any) -> dict[str, Any] | None:
        official = obj.document.signer
        if official is None:
            return None
        ref = refs.official_ref(context, official.pk, official.slug, official.full_name)
        return {**ref, "title": obj.document.signer_title}

    @staticmethod
    def resolve_validity_label(obj: ListedDocument) -> str:
        return obj.document.validity_label

    @staticmethod
    def resolve_programme(obj: ListedDocument, context: Any) -> dict[str, Any] | None:
        programme = obj.document.programme
        if programme is None:
            return None
        return refs.programme_ref(context, programme.pk, programme.slug, programme.code, programme.title)

    @staticmethod
    def resolve_url(obj: ListedDocument, context: Any) -> str:
        return refs.absolute(context, obj.document.get_absolute_url())


class DocumentDetail(DocumentOut):
    validity_reason: Text = Field(description="Lý do của tình trạng hiệu lực (trống khi còn hiệu lực).")
    signer_title_then: Text = Field(description="Chức vụ của người ký vào ngày ban hành (theo quá trình công tác).")
    articles: list[ArticleRef] = Field(description="Bài viết đang công khai nhắc đến văn bản.")

    @staticmethod
    def resolve_articles(obj: ListedDocument, context: Any) -> list[dict[str, Any]]:
        return [refs.article_ref(context, article) for article in obj.articles]


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


class SectionPage(NextPage):
    items: list[SectionOut]


class ArticleTypePage(NextPage):
    items: list[ArticleTypeOut]


class DocumentPage(NextPage):
    items: list[DocumentOut]


class ErrorItem(Schema):
    parameter: str
    message: str


class Error(Schema):
    """Every 4xx answer has this body."""

    status: int
    title: str = Field(description="Tên lỗi, tiếng Việt.")
    detail: str = Field(description="Điều cần sửa, tiếng Việt.")
    errors: list[ErrorItem] = Field(default_factory=list, description="Từng tham số sai, nếu có.")

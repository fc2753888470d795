"""A small newsroom for the API tests: public rows of every kind, and articles the public must never see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.documents import services
from articles.documents.models import Document, DocumentField
from articles.documents.validity import RelationKind
from articles.newsroom.models import Agency, Article, ArticleType, Official, Programme, Section
from articles.press.models import Spokesperson
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_document,
    make_official,
    make_programme,
    pdf_bytes,
    picture_file,
)

HIDDEN_TITLE = "Bí mật chưa công bố"


@dataclass
class ApiWorld:
    agency: Agency
    child: Agency
    official: Official
    programme: Programme
    public: list[Article]
    hidden: dict[str, Article] = field(default_factory=dict)


def build_api_world(public_count: int = 5) -> ApiWorld:
    city = make_agency("Ủy ban nhân dân Thành phố Hà Nội", phone="024 3825 3536", email="ubnd@hanoi.gov.vn")
    department = make_agency("Sở Kế hoạch và Đầu tư", parent=city, address="16 Cát Linh", aliases="Sở KH&ĐT")
    official = make_official("Trần Sỹ Thanh")
    make_appointment(official, agency=city, title="Chủ tịch UBND Thành phố", start=datetime.date(2023, 7, 1))
    make_appointment(
        official, agency=department, title="Giám đốc Sở", start=datetime.date(2015, 1, 1), end=datetime.date(2020, 1, 1)
    )
    programme = make_programme("06-CTr/TU", title="Phát triển kết cấu hạ tầng", issuing_agency=city)
    Spokesperson.objects.create(
        agency=city,
        official=official,
        phone="024 3825 3536",
        email="baochi@hanoi.gov.vn",
        start_date=datetime.date(2023, 7, 1),
    )
    Spokesperson.objects.create(  # no longer speaking for the city: not a current press contact
        agency=city, official=official, role=Spokesperson.Role.INFORMATION_OFFICER, phone="024 3825 0000",
        start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2016, 1, 1),
    )  # fmt: skip
    now = timezone.now()
    public = [
        make_article(
            f"Dự án trọng điểm Vành đai {i}",
            lead="Đẩy nhanh tiến độ giải phóng mặt bằng.",
            body="<p>Thành phố yêu cầu các sở, ngành tập trung tháo gỡ vướng mắc.</p>",
            agency=department if i % 2 else city,
            officials=[official],
            programmes=[programme],
            published_at=now - datetime.timedelta(days=i + 1),
            **({"cover": picture_file(), "cover_alt": "Công trường"} if i == 0 else {}),
        )
        for i in range(public_count)
    ]
    public[0].related.set(public[1:2])
    hidden = {
        status: make_article(
            f"{HIDDEN_TITLE} {status} dự án trọng điểm",
            lead="Dự án trọng điểm.",
            agency=department,
            officials=[official],
            programmes=[programme],
            status=status,
            published_at=now - datetime.timedelta(hours=2),
        )
        for status in (
            Article.Status.DRAFT,
            Article.Status.SUBMITTED,
            Article.Status.WITHDRAWN,
            Article.Status.ARCHIVED,
        )
    }
    hidden["scheduled"] = make_article(
        f"{HIDDEN_TITLE} scheduled dự án trọng điểm",
        lead="Dự án trọng điểm.",
        agency=department,
        officials=[official],
        programmes=[programme],
        status=Article.Status.PUBLISHED,
        published_at=now + datetime.timedelta(days=1),
    )
    # A public article that links to hidden ones must not reveal them.
    public[0].related.add(*hidden.values())
    return ApiWorld(city, department, official, programme, public, hidden)


# --- sections, article types and the documents register -----------------------------------------------------------

HIDDEN_DOCUMENT = "Văn bản bí mật chưa công bố"
HIDDEN_DOCUMENT_STATES = ["draft", "submitted", "withdrawn", "archived", "scheduled"]


@dataclass
class RegisterWorld:
    economy: Section
    culture: Section
    press_release: ArticleType
    decision: Document  # 1234/QĐ-UBND: signed, co-issued, with a file; replaces `old`
    old: Document  # replaced by the decision: no longer in force
    plan: Document  # implements the decision
    hidden: dict[str, Document] = field(default_factory=dict)  # each related both ways to the decision


def build_register_world(world: ApiWorld) -> RegisterWorld:
    """Sections and a type for the world's articles, and a small register around Decision 1234/QĐ-UBND, with
    unpublished documents in every state the public must never see, each naming the decision and named by it."""
    economy = Section.objects.create(name="Kinh tế", description="Đầu tư và doanh nghiệp.", order=1)
    culture = Section.objects.create(name="Văn hóa – Xã hội", order=2)
    press_release = ArticleType.objects.create(name="Thông cáo báo chí mẫu", order=9)
    for position, article in enumerate(world.public):
        article.sections.set([economy] if position % 2 == 0 else [economy, culture])
    Article.objects.filter(pk=world.public[0].pk).update(article_type=press_release)
    for article in world.hidden.values():
        article.sections.set([economy, culture])
    Article.objects.filter(pk__in=[a.pk for a in world.hidden.values()]).update(article_type=press_release)

    old = make_document(
        "99/QĐ-UBND", agency=world.agency, issued_on=datetime.date(2019, 2, 1), summary="Về quy hoạch cũ"
    )
    decision = make_document(
        "1234/QĐ-UBND",
        agency=world.agency,
        issued_on=datetime.date(2023, 6, 2),
        effective_on=datetime.date(2023, 6, 15),
        summary="Về việc phê duyệt quy hoạch giao thông",
        description="Quy hoạch mạng lưới giao thông đến năm 2030.",
        signer=world.official,
        signer_title="CHỦ TỊCH",
        field=DocumentField.objects.get(name="Giao thông vận tải"),
    )
    decision.joint_agencies.add(world.child)
    services.attach_file(document=decision, upload=SimpleUploadedFile("quyet-dinh.pdf", pdf_bytes(pages=2)))
    services.relate(source=decision, target=old, kind=RelationKind.REPLACES, note="Toàn bộ")
    plan = make_document(
        "56/KH-UBND", agency=world.child, issued_on=datetime.date(2024, 1, 10), summary="Kế hoạch thực hiện quy hoạch"
    )
    services.relate(source=plan, target=decision, kind=RelationKind.IMPLEMENTS)
    now = timezone.now()
    hidden = {}
    for number, status in enumerate(HIDDEN_DOCUMENT_STATES, start=700):
        scheduled = status == "scheduled"
        document = make_document(
            f"{number}/QĐ-UBND",
            agency=world.agency,
            issued_on=datetime.date(2024, 5, 1),
            summary=f"{HIDDEN_DOCUMENT} {status}",
            status=Document.Status.PUBLISHED if scheduled else status,
            published_at=now + datetime.timedelta(days=1) if scheduled else now - datetime.timedelta(hours=2),
        )
        document.joint_agencies.add(world.child)
        services.relate(source=document, target=decision, kind=RelationKind.REPLACES)  # would end the decision
        services.relate(source=decision, target=document, kind=RelationKind.GUIDES)
        hidden[status] = document
    return RegisterWorld(economy, culture, press_release, decision, old, plan, hidden)

"""A small newsroom for the API tests: public rows of every kind, and articles the public must never see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from articles.newsroom.models import Agency, Article, Official, Programme
from articles.press.models import Spokesperson
from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme, picture_file

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

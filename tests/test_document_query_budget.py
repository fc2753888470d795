"""The register's public pages and the programme page run a number of queries that does not grow with what they
show, and at most 8."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.documents import services
from articles.documents.models import ProgrammeTarget
from articles.documents.validity import RelationKind
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_document,
    make_official,
    make_programme,
    pdf_bytes,
)
from tests.test_query_budget import count_queries

pytestmark = pytest.mark.django_db


def build_register(n: int, world: int) -> dict[str, str]:
    """A register of n documents around one programme document; `world` keeps two of them apart in one database."""
    city = make_agency(f"UBND Thành phố {world}")
    signer = make_official(f"Trần Sỹ Thanh {world}")
    make_appointment(signer, agency=city, title="Chủ tịch UBND Thành phố", start=datetime.date(2020, 1, 1))
    programme = make_programme(f"{world}6-CTr/TU", issuing_agency=city, start_year=2021)
    hub = make_document(
        f"{world}6-CTr/TU", agency=city, signer=signer, programme=programme, issued_on=datetime.date(2021, 3, 17)
    )
    articles = []
    for i in range(n):
        other = make_document(f"{world}{100 + i}/QĐ-UBND", agency=city, issued_on=datetime.date(2023, 1, 1))
        other.joint_agencies.add(make_agency())
        services.relate(source=other, target=hub, kind=RelationKind.IMPLEMENTS)
        services.attach_file(document=hub, upload=SimpleUploadedFile(f"tep-{i}.pdf", pdf_bytes()))
        target = ProgrammeTarget.objects.create(
            programme=programme, name=f"Chỉ tiêu {i}", unit="km", target_value=100, deadline=datetime.date(2025, 12, 31)
        )
        services.record_progress_report(
            programme=programme,
            year=2000 + i,
            period="year",
            text="Kết quả.",
            document=make_document(f"{world}{200 + i}/BC-UBND", agency=city, issued_on=datetime.date(2024, 1, 1)),
            values={target: "50"},
        )
        articles.append(
            make_article(body=f"<p>Thực hiện Chương trình {world}6-CTr/TU.</p>", programmes=[programme], agency=city)
        )
    hub.joint_agencies.add(make_agency())
    return {
        "list": reverse("documents:list"),
        "list_filtered": reverse("documents:list") + f"?q={world}6+ctr+tu&co_quan={city.slug}&hieu_luc=con-hieu-luc",
        "list_words": reverse("documents:list") + "?q=van+ban+thu+nghiem&nam=2023",
        "detail": hub.get_absolute_url(),
        "feed": reverse("documents:feed"),
        "agency_feed": reverse("documents:agency_feed", args=[city.slug]),
        "sitemap": reverse("sitemap_section", kwargs={"section": "van-ban"}),
        "programme": programme.get_absolute_url(),
        "article": articles[0].get_absolute_url(),
        "search": reverse("search:results") + f"?q=ctr+{world}6",
    }


PAGES = ["list", "list_filtered", "list_words", "detail", "feed", "agency_feed", "sitemap", "programme", "article",
         "search"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_register_page_query_count_does_not_grow_and_stays_within_8(client, page):
    one = count_queries(client, build_register(1, world=1)[page])
    twenty = count_queries(client, build_register(20, world=2)[page])
    assert one == twenty, f"{page}: {one} queries with 1 item, {twenty} with 20"
    assert twenty <= 8

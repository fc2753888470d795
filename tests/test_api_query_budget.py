"""Every API request runs at most 8 SQL queries, the same number for 1 item as for a full page of 100."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.api.pagination import article_cursor
from articles.documents import services
from articles.documents.models import Document, DocumentField
from articles.documents.validity import RelationKind
from articles.newsroom.models import Agency, Appointment, Article, ArticleType, Official, Programme, Section
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_document,
    make_official,
    make_programme,
    pdf_file,
    picture_file,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    cache.clear()  # measure the view, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build(n: int) -> dict[str, str]:
    """n of everything, each article linked to every official and programme, agencies in a tree."""
    hub = make_agency("Thành ủy Hà Nội")
    officials, programmes, sections = [], [], []
    kind = ArticleType.objects.create(name="Loại tin thử nghiệm")
    for i in range(n):
        sections.append(Section.objects.create(name=f"Chuyên mục {i}"))
        agency = make_agency(parent=hub)
        official = make_official()
        make_appointment(official, agency=hub, title=f"Ủy viên {i}", start=datetime.date(2000, 1, 1))
        make_appointment(official, agency=agency, title="Giám đốc", start=datetime.date(2010, 1, 1))
        officials.append(official)
        programmes.append(make_programme(issuing_agency=agency))
    articles = [
        make_article(
            f"Dự án trọng điểm số {i}",
            agency=hub,
            officials=officials,
            programmes=programmes,
            cover=picture_file(),
            cover_alt="Ảnh",
            article_type=kind,
        )
        for i in range(n)
    ]
    for article in articles:
        article.sections.set(sections)
    articles[0].related.set(articles[1:])
    articles[0].mentioned_agencies.set(Agency.objects.all())
    last = Article.objects.published().order_by("published_at", "id").first()
    cursor = article_cursor(last.published_at, last.pk + 1)
    lists = reverse("api:v1:article_list")
    return {
        "index": reverse("api:v1:index"),
        "articles": lists + "?limit=100",
        "articles_filtered": lists + f"?limit=100&agency={hub.pk}&official={officials[0].pk}"
        f"&programme={programmes[0].pk}&date_from=2000-01-01&date_to=2999-01-01",
        "articles_deep": lists + f"?limit=100&cursor={cursor}",
        "search_relevance": lists + "?limit=100&q=Dự+án+trọng+điểm",
        "search_newest": lists + f"?limit=100&q=du+an&ordering=newest&official={officials[0].pk}",
        "search_oldest": lists + "?limit=100&q=du+an&ordering=oldest",
        "articles_by_section_and_type": lists + f"?limit=100&section={sections[0].pk}&type={kind.pk}",
        "search_in_section": lists + f"?limit=100&q=Dự+án+trọng+điểm&section={sections[0].pk}&type={kind.pk}",
        "article": reverse("api:v1:article_detail", kwargs={"id": articles[0].pk}),
        "agencies": reverse("api:v1:agency_list") + "?limit=100",
        "agency": reverse("api:v1:agency_detail", kwargs={"id": hub.pk}),
        "officials": reverse("api:v1:official_list") + f"?limit=100&agency={hub.pk}",
        "official": reverse("api:v1:official_detail", kwargs={"id": officials[0].pk}),
        "programmes": reverse("api:v1:programme_list") + "?limit=100",
        "programme": reverse("api:v1:programme_detail", kwargs={"id": programmes[0].pk}),
        "sections": reverse("api:v1:section_list") + "?limit=100",
        "section": reverse("api:v1:section_detail", kwargs={"id": sections[0].pk}),
        "article_types": reverse("api:v1:article_type_list") + "?limit=100",
        "article_type": reverse("api:v1:article_type_detail", kwargs={"id": kind.pk}),
        "feed_json": reverse("public:feed_json"),
        "agency_feed_json": reverse("public:agency_feed_json", kwargs={"slug": hub.slug}),
        "schema": reverse("api:v1:openapi-json"),
        "docs": reverse("api:docs"),
    }


ENDPOINTS = ["index", "articles", "articles_filtered", "articles_deep", "search_relevance", "search_newest",
             "search_oldest", "articles_by_section_and_type", "search_in_section", "article", "agencies", "agency",
             "officials", "official", "programmes", "programme", "sections", "section", "article_types",
             "article_type", "feed_json", "agency_feed_json", "schema", "docs"]  # fmt: skip


def wipe() -> None:
    for model in (Article, Programme, Appointment, Official, Agency, Section):
        model.objects.all().delete()
    ArticleType.objects.filter(name="Loại tin thử nghiệm").delete()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_api_query_count_does_not_grow_with_page_size(client, endpoint):
    one = count_queries(client, build(1)[endpoint])
    wipe()
    many = count_queries(client, build(25)[endpoint])
    assert one == many, f"{endpoint}: {one} queries with 1 item, {many} with 25"
    assert many <= 8


def build_register(n: int) -> tuple[dict[str, str], Document]:
    """n published documents around a hub, each signed, co-issued, with a file and relations both ways with the hub
    (and an unpublished document related to each, which must cost nothing to leave out)."""
    city = make_agency("UBND Thành phố")
    signer = make_official("Trần Sỹ Thanh")
    make_appointment(signer, agency=city, title="Chủ tịch UBND Thành phố", start=datetime.date(2020, 1, 1))
    field = DocumentField.objects.get(name="Giao thông vận tải")
    hub = make_document("1-CTr/TU", agency=city, signer=signer, field=field, issued_on=datetime.date(2021, 3, 17))
    hidden = make_document("2-CTr/TU", agency=city, status=Document.Status.DRAFT, issued_on=datetime.date(2021, 3, 1))
    for i in range(n):
        document = make_document(
            f"{100 + i}/QĐ-UBND", agency=city, signer=signer, signer_title="CHỦ TỊCH", field=field,
            issued_on=datetime.date(2023, 1, 1),
        )  # fmt: skip
        document.joint_agencies.add(make_agency(), city)
        services.attach_file(document=document, upload=pdf_file(f"tep-{i}.pdf"))
        services.attach_file(document=hub, upload=pdf_file(f"hub-{i}.pdf"))
        services.relate(source=document, target=hub, kind=RelationKind.IMPLEMENTS)
        services.relate(source=hub, target=document, kind=RelationKind.GUIDES)
        services.relate(source=hidden, target=document, kind=RelationKind.AMENDS)
        make_article(body=f"<p>Thực hiện Quyết định số {100 + i}/QĐ-UBND và Chương trình 1-CTr/TU.</p>")
    hub.joint_agencies.add(make_agency())
    lists = reverse("api:v1:document_list")
    urls = {
        "documents": lists,
        "documents_filtered": lists + f"?agency={city.pk}&type=quyet-dinh&field={field.slug}&year=2023"
        "&validity=con-hieu-luc",
        "documents_by_number": lists + "?q=qd+ubnd",
        "documents_by_words": lists + "?q=thu+nghiem+van+ban",
        "documents_deep": lists + f"?cursor={datetime.date(2023, 1, 2).toordinal()}_1",
        "document": reverse("api:v1:document_detail", kwargs={"id": hub.pk}),
    }
    return urls, hub


@pytest.mark.parametrize(
    "endpoint",
    ["documents", "documents_filtered", "documents_by_number", "documents_by_words", "documents_deep", "document"],
)
def test_document_query_count_is_the_same_for_a_page_of_1_and_of_100(client, endpoint):
    urls, hub = build_register(25)
    url = urls[endpoint]
    joiner = "&" if "?" in url else "?"
    one = count_queries(client, f"{url}{joiner}limit=1")
    full = count_queries(client, f"{url}{joiner}limit=100")
    listed = client.get(f"{url}{joiner}limit=100").json()
    assert len(listed["items"] if "items" in listed else listed["relations"]) >= 25  # a full page, or relations
    assert one == full, f"{endpoint}: {one} queries for a page of 1, {full} for a page of 100"
    assert full <= 8

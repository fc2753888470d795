"""Every API request runs at most 8 SQL queries, the same number for 1 item as for a full page of 100."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.api.pagination import article_cursor
from articles.newsroom.models import Agency, Appointment, Article, Official, Programme
from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme, picture_file

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
    officials, programmes = [], []
    for i in range(n):
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
        )
        for i in range(n)
    ]
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
        "article": reverse("api:v1:article_detail", kwargs={"id": articles[0].pk}),
        "agencies": reverse("api:v1:agency_list") + "?limit=100",
        "agency": reverse("api:v1:agency_detail", kwargs={"id": hub.pk}),
        "officials": reverse("api:v1:official_list") + f"?limit=100&agency={hub.pk}",
        "official": reverse("api:v1:official_detail", kwargs={"id": officials[0].pk}),
        "programmes": reverse("api:v1:programme_list") + "?limit=100",
        "programme": reverse("api:v1:programme_detail", kwargs={"id": programmes[0].pk}),
        "feed_json": reverse("public:feed_json"),
        "agency_feed_json": reverse("public:agency_feed_json", kwargs={"slug": hub.slug}),
        "schema": reverse("api:v1:openapi-json"),
        "docs": reverse("api:docs"),
    }


ENDPOINTS = ["index", "articles", "articles_filtered", "articles_deep", "search_relevance", "search_newest",
             "search_oldest", "article", "agencies", "agency", "officials", "official", "programmes", "programme",
             "feed_json", "agency_feed_json", "schema", "docs"]  # fmt: skip


def wipe() -> None:
    for model in (Article, Programme, Appointment, Official, Agency):
        model.objects.all().delete()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_api_query_count_does_not_grow_with_page_size(client, endpoint):
    one = count_queries(client, build(1)[endpoint])
    wipe()
    many = count_queries(client, build(25)[endpoint])
    assert one == many, f"{endpoint}: {one} queries with 1 item, {many} with 25"
    assert many <= 8

"""Public pages run a number of queries that does not grow with what they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Agency, Appointment, Article, Official, Programme
from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme, picture_file

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build_world(n: int) -> dict[str, str]:
    """n articles, officials (with appointments), programmes and agencies, all linked to one hub of each."""
    hub_agency = make_agency("Thành ủy Hà Nội")
    hub_official = make_official("Ngô Thị Thanh Hằng")
    hub_programme = make_programme("06-CTr/TU")
    make_appointment(hub_official, agency=hub_agency, title="Phó Bí thư", start=datetime.date(2000, 1, 1))
    officials = [hub_official]
    programmes = [hub_programme]
    for i in range(n - 1):
        official = make_official()
        make_appointment(official, agency=hub_agency, title=f"Chức vụ {i}", start=datetime.date(2000, 1, 1))
        make_appointment(
            official, agency=make_agency(parent=hub_agency), title="Ủy viên", start=datetime.date(2001, 1, 1)
        )
        officials.append(official)
        programmes.append(make_programme(issuing_agency=hub_agency))
    articles = [
        make_article(
            agency=hub_agency, officials=officials, programmes=programmes, cover=picture_file(), cover_alt="Ảnh"
        )
        for _ in range(n)
    ]
    hub = articles[0]
    hub.related.set(articles[1:])
    return {
        "home": reverse("articles:home"),
        "article": hub.get_absolute_url(),
        "agency_list": reverse("articles:agency_list"),
        "agency": hub_agency.get_absolute_url(),
        "official_list": reverse("articles:official_list"),
        "official": hub_official.get_absolute_url(),
        "programme_list": reverse("articles:programme_list"),
        "programme": hub_programme.get_absolute_url(),
    }


PAGES = ["home", "article", "agency_list", "agency", "official_list", "official", "programme_list", "programme"]


def wipe() -> None:
    for model in (Article, Programme, Appointment, Official, Agency):
        model.objects.all().delete()


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_does_not_grow_with_items(client, page):
    one = count_queries(client, build_world(1)[page])
    wipe()
    twenty = count_queries(client, build_world(20)[page])
    assert one == twenty, f"{page}: {one} queries with 1 item, {twenty} with 20"
    assert twenty <= 8

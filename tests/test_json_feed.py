"""JSON Feed 1.1 beside the RSS and Atom feeds: the same items, public only, times in Hanoi, linked from pages."""

import datetime

import pytest
from django.urls import reverse

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agency = make_agency("Sở Kế hoạch và Đầu tư")
    official = make_official("Ngô Thị Thanh Hằng")
    programme = make_programme("06-CTr/TU")
    article = make_article(
        "Đẩy nhanh tiến độ các dự án trọng điểm",
        lead="Sáng 18/6, Thành ủy làm việc với Sở Kế hoạch và Đầu tư.",
        agency=agency,
        officials=[official],
        programmes=[programme],
        published_at=datetime.datetime(2018, 6, 18, 12, 52, tzinfo=datetime.UTC),
    )
    for status in (Article.Status.DRAFT, Article.Status.WITHDRAWN):
        make_article("Bài không công khai", status=status, agency=agency, officials=[official], programmes=[programme])
    return agency, official, programme, article


def test_the_site_feed_is_json_feed_1_1_with_the_public_articles(client, world):
    agency, _, _, article = world
    response = client.get(reverse("public:feed_json"))
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"].startswith("Tin mới") and feed["language"] == "vi"
    assert feed["home_page_url"] == "http://testserver/" and feed["feed_url"] == "http://testserver/feed.json"
    assert feed["items"] == [
        {
            "id": f"urn:toasoan:bai-viet:{article.pk}",
            "url": f"http://testserver{article.get_absolute_url()}",
            "title": "Đẩy nhanh tiến độ các dự án trọng điểm",
            "content_text": "Sáng 18/6, Thành ủy làm việc với Sở Kế hoạch và Đầu tư.",
            "date_published": "2018-06-18T19:52:00+07:00",
            "date_modified": feed["items"][0]["date_modified"],
            "authors": [{"name": agency.name}],
        }
    ]
    assert feed["items"][0]["date_modified"].endswith("+07:00")


@pytest.mark.parametrize("kind", ["agency", "official", "programme"])
def test_each_agency_official_and_programme_has_a_json_feed_linked_from_its_page(client, world, kind):
    obj = dict(zip(("agency", "official", "programme"), world[:3], strict=True))[kind]
    url = reverse(f"public:{kind}_feed_json", kwargs={"slug": obj.slug})
    feed = client.get(url).json()
    assert [item["title"] for item in feed["items"]] == ["Đẩy nhanh tiến độ các dự án trọng điểm"]
    page = client.get(obj.get_absolute_url()).content.decode()
    assert 'type="application/feed+json" title="' in page and f'href="{url}"' in page


def test_every_page_links_the_site_json_feed(client, world):
    page = client.get(reverse("public:home")).content.decode()
    assert 'rel="alternate" type="application/feed+json" title="Tin mới (JSON Feed)" href="/feed.json"' in page

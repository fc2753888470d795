"""Public pages run a number of queries that does not grow with what they show."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom.models import Agency, Appointment, Article, ArticleType, Official, Programme, Section
from articles.pages.models import Page
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_english_version,
    make_official,
    make_programme,
    make_spokesperson,
    picture_file,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    cache.clear()  # measure the rendering, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert "Không tìm thấy bài viết nào" not in response.content.decode(), url
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
    section = Section.objects.create(name="Kinh tế", on_home=True)
    article_type = ArticleType.objects.default()
    for article in articles:
        article.sections.set([section])
        article.article_type = article_type
        article.feature = Article.Feature.FEATURED
        article.save()
    day = hub.local_date
    # Issue 17: the press contact box, an English version, a page editors write.
    make_spokesperson(hub_agency, hub_official)
    english = make_english_version(hub, slug=f"english-{hub.pk}")
    vietnamese_only = make_article(agency=hub_agency, officials=officials[:1])
    Page.objects.filter(kind="about").update(status=Article.Status.PUBLISHED, body="<p>Giới thiệu</p>")
    return {
        "chart": reverse("public:agency_chart"),
        "static_page": reverse("pages:page", kwargs={"slug": "gioi-thieu"}),
        "static_page_en": "/en/trang/about/",
        "article_english": english.get_absolute_url(),
        "article_vietnamese_only": "/en" + vietnamese_only.get_absolute_url(),
        "search": reverse("search:results") + "?q=bai+viet+thu+nghiem",
        "search_filtered": reverse("search:results") + f"?q=bài+viết&co_quan={hub_agency.slug}&tu_ngay=2000-01-01",
        "archive_index": reverse("public:archive_index"),
        "archive_month": reverse("public:archive_month", kwargs={"year": day.year, "month": day.month}),
        "archive_year": reverse("public:archive_year", kwargs={"year": day.year}),
        "print": hub.get_print_url(),
        "feed_rss": reverse("public:feed_rss"),
        "feed_atom": reverse("public:feed_atom"),
        "agency_feed": reverse("public:agency_feed_rss", kwargs={"slug": hub_agency.slug}),
        "official_feed": reverse("public:official_feed_atom", kwargs={"slug": hub_official.slug}),
        "programme_feed": reverse("public:programme_feed_rss", kwargs={"slug": hub_programme.slug}),
        "sitemap_index": reverse("sitemap_index"),
        "sitemap_articles": reverse("sitemap_section", kwargs={"section": "bai-viet"}),
        "sitemap_agencies": reverse("sitemap_section", kwargs={"section": "co-quan"}),
        "home": reverse("public:home"),
        "latest": reverse("public:latest"),
        "section": section.get_absolute_url(),
        "section_feed": reverse("public:section_feed_rss", kwargs={"slug": section.slug}),
        "article_type": article_type.get_absolute_url(),
        "sitemap_sections": reverse("sitemap_section", kwargs={"section": "trang"}),
        "article": hub.get_absolute_url(),
        "agency_list": reverse("public:agency_list"),
        "agency": hub_agency.get_absolute_url(),
        "official_list": reverse("public:official_list"),
        "official": hub_official.get_absolute_url(),
        "programme_list": reverse("public:programme_list"),
        "programme": hub_programme.get_absolute_url(),
    }


PAGES = ["home", "article", "agency_list", "agency", "official_list", "official", "programme_list", "programme",
         "search", "search_filtered", "archive_index", "archive_month", "archive_year", "print", "feed_rss",
         "feed_atom", "agency_feed", "official_feed", "programme_feed", "sitemap_index", "sitemap_articles",
         "sitemap_agencies", "chart", "static_page", "latest", "section", "section_feed", "article_type",
         "sitemap_sections"]  # fmt: skip
# The English site (issue 17): the same pages under /en/, an English version, an article shown in Vietnamese only.
ENGLISH_PAGES = ["home", "article_english", "article_vietnamese_only", "agency_list", "agency", "official_list",
                 "official", "programme_list", "programme", "search", "search_filtered", "archive_index",
                 "archive_month", "archive_year", "chart", "static_page_en"]  # fmt: skip


def wipe() -> None:
    from articles.press.models import Spokesperson

    for model in (Article, Programme, Spokesperson, Appointment, Official, Agency, Section):
        model.objects.all().delete()


def in_english(url: str) -> str:
    return url if url.startswith("/en/") else "/en" + url


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_english_page_query_count_does_not_grow_with_items(client, page):
    one = count_queries(client, in_english(build_world(1)[page]))
    wipe()
    twenty = count_queries(client, in_english(build_world(20)[page]))
    assert one == twenty, f"{page}: {one} queries with 1 item, {twenty} with 20"
    assert twenty <= 8


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_does_not_grow_with_items(client, page):
    one = count_queries(client, build_world(1)[page])
    wipe()
    twenty = count_queries(client, build_world(20)[page])
    assert one == twenty, f"{page}: {one} queries with 1 item, {twenty} with 20"
    assert twenty <= 8


@pytest.mark.parametrize("list_name", ["latest", "section", "agency", "official", "programme", "archive_year"])
def test_deep_list_pages_stay_within_the_query_budget(client, monkeypatch, list_name):
    """Deep pages load their ids first (articles/pagination.py): one query more than page 1, never more than 8."""
    from articles.public import pagination

    monkeypatch.setattr(pagination, "DEFERRED_JOIN_OFFSET", 40)
    urls = build_world(3)
    hub = Article.objects.order_by("pk").first()
    extra = [
        Article(
            title=f"Bài cũ {i}",
            slug=f"bai-cu-{i}",
            status=Article.Status.PUBLISHED,
            published_at=hub.published_at - datetime.timedelta(minutes=i + 1),
            agency=hub.agency,
        )
        for i in range(80)
    ]
    Article.objects.bulk_create(extra)
    hub_official = Official.objects.get(full_name="Ngô Thị Thanh Hằng")
    hub_programme = Programme.objects.get(code="06-CTr/TU")
    section = Section.objects.get()
    for article in extra:
        article.officials.set([hub_official])
        article.programmes.set([hub_programme])
        article.sections.set([section])
    url = urls[list_name]
    first = count_queries(client, url)
    deep = count_queries(client, f"{url}?page=4")
    assert deep <= first + 1
    assert deep <= 8

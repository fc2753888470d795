"""Archive pages by year and month, and list pagination that stays cheap on deep pages."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HANOI)


@pytest.fixture
def articles():
    agency = make_agency()
    return {
        "june_last_evening": make_article("Cuối tháng Sáu", published_at=at(2018, 6, 30, 23, 30), agency=agency),
        "july_first_morning": make_article("Đầu tháng Bảy", published_at=at(2018, 7, 1, 0, 15), agency=agency),
        "year_2017": make_article("Năm 2017", published_at=at(2017, 12, 31, 23, 59), agency=agency),
        "draft": make_article(
            "Bản nháp tháng Sáu", published_at=at(2018, 6, 10), status=Article.Status.DRAFT, agency=agency
        ),
    }


def test_month_archive_uses_hanoi_days_and_only_published(client, articles):
    html = client.get(reverse("public:archive_month", kwargs={"year": 2018, "month": 6})).content.decode()
    assert "<h1>Bài viết tháng 6 năm 2018</h1>" in html
    assert "Cuối tháng Sáu" in html
    assert "Đầu tháng Bảy" not in html
    assert "Bản nháp tháng Sáu" not in html


def test_year_archive_lists_that_year(client, articles):
    html = client.get(reverse("public:archive_year", kwargs={"year": 2018})).content.decode()
    assert "Cuối tháng Sáu" in html and "Đầu tháng Bảy" in html
    assert "Năm 2017" not in html


def test_archive_index_links_each_month_with_articles(client, articles):
    html = client.get(reverse("public:archive_index")).content.decode()
    assert 'href="/luu-tru/2018/06/"' not in html  # months are numbers in the URL pattern
    assert f'href="{reverse("public:archive_month", kwargs={"year": 2018, "month": 6})}"' in html
    assert f'href="{reverse("public:archive_month", kwargs={"year": 2018, "month": 7})}"' in html
    assert f'href="{reverse("public:archive_month", kwargs={"year": 2017, "month": 12})}"' in html
    assert "06/2018" in html


@pytest.mark.parametrize("url", ["/luu-tru/2018/13/", "/luu-tru/2018/0/", "/luu-tru/0/", "/luu-tru/99999/"])
def test_impossible_periods_are_404(client, url):
    assert client.get(url).status_code == 404


def test_empty_month_is_a_friendly_page(client, articles):
    response = client.get(reverse("public:archive_month", kwargs={"year": 2019, "month": 2}))
    assert response.status_code == 200
    assert "Chưa có bài viết nào." in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL")
@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the usual test transaction
def test_list_queries_walk_date_indexes_instead_of_scanning_and_sorting():
    agency = make_agency()
    Article.objects.bulk_create(
        [
            Article(
                title=f"Bài {i}",
                slug=f"bai-{i}",
                status=Article.Status.PUBLISHED if i % 10 else Article.Status.DRAFT,
                published_at=at(2010, 1, 1) + datetime.timedelta(hours=i),
                agency=agency,
            )
            for i in range(20000)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE articles_article")
    plan = Article.objects.published().for_listing()[0:20].explain()
    # PostgreSQL picks one of the date indexes, whichever it finds cheaper; either way the page is
    # read in date order from an index, never by sorting the whole table.
    walked = [line for line in plan.splitlines() if "Index" in line and "on articles_article " in line]
    assert walked and ("article_" in walked[0] or "published_at" in walked[0]), plan
    assert "Seq Scan on articles_article" not in plan, plan
    # A deep page first reads its ids from the (status, published_at, id) index alone.
    ids_plan = Article.objects.published().values_list("pk", flat=True)[2000:2020].explain()
    assert "Index Only Scan using article_public_order on articles_article" in ids_plan, ids_plan


@pytest.mark.parametrize("kind", ["latest", "agency", "archive"])
def test_deep_pages_loaded_ids_first_show_the_same_articles(client, monkeypatch, kind):
    agency = make_agency()
    base = at(2018, 6, 1, 8, 0)
    for i in range(45):
        # Pairs of articles share a minute, so the id breaks the tie in the order.
        make_article(f"Bài số {i}", agency=agency, published_at=base + datetime.timedelta(minutes=i // 2))
    url = {
        "latest": reverse("public:latest"),
        "agency": agency.get_absolute_url(),
        "archive": reverse("public:archive_month", kwargs={"year": 2018, "month": 6}),
    }[kind]
    expected = list(Article.objects.published().order_by("-published_at", "-id").values_list("title", flat=True))
    pages = {}
    for number in (2, 3):
        from django.core.cache import cache

        cache.clear()
        monkeypatch.setattr("articles.public.pagination.DEFERRED_JOIN_OFFSET", 10_000)
        plain = client.get(url, {"page": number}).context["articles"]
        cache.clear()
        monkeypatch.setattr("articles.public.pagination.DEFERRED_JOIN_OFFSET", 0)
        with CaptureQueriesContext(connection) as queries:
            deferred = client.get(url, {"page": number}).context["articles"]
        assert any('SELECT "articles_article"."id" AS "pk" FROM' in q["sql"] for q in queries.captured_queries)
        assert [a.title for a in deferred] == [a.title for a in plain]
        pages[number] = [a.title for a in deferred]
    assert pages[2] == expected[20:40]
    assert pages[3] == expected[40:45]

"""What keeps public pages cheap at the scale of a real archive (see docs/performance.md)."""

import datetime
import re

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.search import ranking
from articles.search.forms import SearchForm
from articles.search.passages import highlight
from articles.search.query import parse_query
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db


def test_search_ranks_only_the_newest_matches_on_every_backend(monkeypatch):
    """Ranking reads each candidate's text, so only the newest RANKED_MATCHES matches are ranked."""
    monkeypatch.setattr(ranking, "RANKED_MATCHES", 3)
    agency = make_agency()
    now = timezone.now()
    old_title_match = make_article(
        "Cầu vượt Mai Dịch thông xe", agency=agency, published_at=now - datetime.timedelta(days=400)
    )
    newer = [
        make_article(f"Họp báo số {i}", body="<p>Sắp xây cầu vượt mới.</p>", agency=agency,
                     published_at=now - datetime.timedelta(days=i))
        for i in range(1, 5)
    ]  # fmt: skip
    newest_title_match = make_article(
        "Cầu vượt mới ở Cầu Giấy", agency=agency, published_at=now - datetime.timedelta(hours=5)
    )

    results = list(ranking.search_articles(query=parse_query("cau vuot")))

    # The three newest matches, the title match first; older matches are not ranked at all.
    assert [a.pk for a in results] == [newest_title_match.pk, newer[0].pk, newer[1].pk]
    assert old_title_match not in results
    narrowed = ranking.search_articles(
        query=parse_query("cau vuot"),
        date_to=(now - datetime.timedelta(days=300)).date(),
    )
    assert [a.pk for a in narrowed] == [old_title_match.pk], "a date filter reaches older articles"


def test_search_form_select_lists_have_the_markup_of_djangos_select():
    agency = make_agency("Sở Xây dựng")
    make_agency("Sở Y tế & <Dân số>")
    make_official("Nguyễn Văn A")
    make_programme("06-CTr/TU", title="Hạ tầng")
    form = SearchForm({"q": "x", "co_quan": agency.slug})
    assert form.is_valid()

    def normalised(html: str) -> str:
        return re.sub(r"\s+", " ", html).strip()

    for name in ("co_quan", "can_bo", "chuong_trinh"):
        # Django's own field and widget, from model instances and their __str__, give the same markup.
        field = form.fields[name]
        reference = forms.ModelChoiceField(
            queryset=field.queryset, to_field_name=field.to_field_name, empty_label=field.empty_label
        )
        expected = reference.widget.render(name, form[name].value(), attrs={"id": form[name].auto_id})
        assert normalised(str(form[name])) == normalised(expected), name
    assert "selected>Sở Xây dựng</option>" in normalised(str(form["co_quan"]))
    assert "Sở Y tế &amp; &lt;Dân số&gt;" in str(form["co_quan"])


def test_article_page_does_not_fetch_the_search_columns(client):
    article = make_article(body="<p>Nội dung bài viết dài.</p>")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "body" in sql
    for column in ("search_vector", "search_marked", "search_folded", "body_text"):
        assert column not in sql, column


def test_a_cached_anonymous_page_runs_no_sql(client):
    article = make_article()
    for url in (reverse("public:home"), article.get_absolute_url(), reverse("public:feed_rss")):
        cache.clear()
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 0, (url, [q["sql"] for q in queries.captured_queries])


def test_pages_name_an_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    html = client.get(reverse("public:home")).content.decode()
    match = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert match, "no <link rel=icon>"
    assert finders.find(match.group(1))


def test_renditions_are_read_from_disk_once_and_follow_a_replaced_picture(settings):
    import os

    from django.core.files.storage import default_storage

    from articles.public import renditions
    from tests.factories import picture_file

    name = default_storage.save("covers/anh.png", picture_file(size=(800, 600)))
    first = renditions.renditions(name)
    assert first is not None
    manifest = settings.MEDIA_ROOT / first.largest.url.removeprefix(settings.MEDIA_URL)
    (manifest.parent / "sizes.txt").unlink()
    assert renditions.renditions(name) == first, "the second look-up does not read the manifest again"

    path = default_storage.path(name)
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000_000))
    replaced = renditions.renditions(name)
    assert replaced is not None and replaced.largest.url != first.largest.url


def test_highlight_escapes_everything_between_words_and_marks_the_words():
    html = str(highlight('Tom & Jerry <b>cầu</b> "vượt" l\'an', parse_query("cau vuot")))
    assert html == ("Tom &amp; Jerry &lt;b&gt;<mark>cầu</mark>&lt;/b&gt; &quot;<mark>vượt</mark>&quot; l&#x27;an")


def test_article_page_without_a_cache_runs_seven_queries(client, settings):
    """The article with its agency, type, first section and English version's slug; the officials with the titles
    they held then, programmes, related, the agency's press contacts (issue 17); the page's chrome: the site settings
    with the main menu (which also read the page cache's next unwritten change), the footer's pages."""
    import datetime as dt

    from tests.factories import make_appointment

    # The view alone: on a miss the page cache asks one more (tests/test_page_cache.py).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "pagecache" not in name]
    official = make_official("Trần Văn Bình")
    make_appointment(official, title="Giám đốc Sở", start=dt.date(2000, 1, 1), end=dt.date(2010, 1, 1))
    make_appointment(official, title="Phó Chủ tịch UBND thành phố", start=dt.date(2010, 1, 2))
    make_appointment(official, title="Ủy viên Ban Thường vụ", start=dt.date(2012, 1, 1))
    without_titles = make_official("An Thị Cúc")
    article = make_article(
        officials=[official, without_titles],
        programmes=[make_programme()],
        related=[make_article()],
        published_at=timezone.make_aware(dt.datetime(2015, 6, 1, 9, 0)),
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) == 7, [q["sql"] for q in queries.captured_queries]
    officials = response.context["officials"]
    assert [o.full_name for o in officials] == ["An Thị Cúc", "Trần Văn Bình"]
    assert officials[0].appointments_then == []
    # Appointment order: `order`, then the latest first.
    assert [a.title for a in officials[1].appointments_then] == ["Ủy viên Ban Thường vụ", "Phó Chủ tịch UBND thành phố"]


def test_search_page_reads_its_choice_lists_without_server_side_cursors(client):
    """On PostgreSQL, QuerySet.iterator() would cost DECLARE, FETCH and CLOSE round trips per list."""
    make_article("Cầu vượt Mai Dịch thông xe", agency=make_agency("Sở Giao thông vận tải"))
    make_official("Nguyễn Văn A")
    make_programme("06-CTr/TU", title="Hạ tầng")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:results") + "?q=cau+vuot")
    assert response.status_code == 200
    assert "Sở Giao thông vận tải</option>" in response.content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "DECLARE" in q["sql"]]


@pytest.mark.parametrize("matching, says", [(5, "Có hơn 3 bài viết phù hợp"), (3, "Tìm thấy 3 bài viết")])
def test_search_page_says_when_more_articles_match_than_are_ranked(client, monkeypatch, matching, says):
    monkeypatch.setattr(ranking, "RANKED_MATCHES", 3)
    agency = make_agency()
    for i in range(matching):
        make_article(f"Cầu vượt số {i}", agency=agency, published_at=timezone.now() - datetime.timedelta(days=i + 1))
    cache.clear()
    html = client.get(reverse("search:results") + "?q=cau+vuot").content.decode()
    assert says in html
    assert html.count('class="card"') == 3

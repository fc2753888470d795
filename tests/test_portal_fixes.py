"""What a new user saw and needed fixing: the archive's months, the leaders' list, search snippets and date
filters, feeds readable in a browser, and captions whose picture never arrived."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.newsroom.models import Article
from articles.search.passages import highlight, snippet
from articles.search.query import parse_query
from tests.factories import make_agency, make_appointment, make_article, make_editor, make_official

pytestmark = pytest.mark.django_db
HANOI = timezone.get_default_timezone()


def on(year: int, month: int, day: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 0, tzinfo=HANOI)


def test_archive_lists_months_newest_first_within_each_year_with_counts(client):
    agency = make_agency()
    for year, month, count in [(2018, 1, 2), (2018, 6, 1), (2018, 12, 3), (2019, 3, 1)]:
        for day in range(count):
            make_article(published_at=on(year, month, day + 1), agency=agency)
    doc = lxml_html.fromstring(client.get(reverse("public:archive_index")).content)
    years = [" ".join(h.text_content().split()) for h in doc.xpath("//main//h2")]
    assert years == ["Năm 2019 (1 bài)", "Năm 2018 (6 bài)"]
    months_2018 = [" ".join(li.text_content().split()) for li in doc.xpath("//section[2]//li")]
    assert months_2018 == ["12/2018 (3 bài)", "06/2018 (1 bài)", "01/2018 (2 bài)"]


def test_leaders_are_listed_by_position_with_an_a_to_z_index_by_given_name(client):
    city = make_agency("Thành ủy Hà Nội")
    start = datetime.date(2020, 1, 1)
    people = {
        "Nguyễn Văn An": "Phó Chủ tịch UBND Thành phố",
        "Trần Thị Bình": "Bí thư Thành ủy Hà Nội",
        "Lê Văn Cường": "Phó Bí thư Thành ủy, Chủ tịch UBND Thành phố",
        "Phạm Thị Dung": "Phó Bí thư Thường trực Thành ủy",
        "Hoàng Văn Đức": "Phó Bí thư Thành ủy",
        "Vũ Thị Yến": "Giám đốc Sở Xây dựng",
    }
    for name, title in people.items():
        make_appointment(make_official(name), title=title, agency=city, start=start)
    make_official("Đỗ Văn Giang")  # no current position: last
    doc = lxml_html.fromstring(client.get(reverse("public:official_list")).content)
    ordered = [a.text for a in doc.xpath("//ul[@class='leader-list']//a[@class='leader-name']")]
    assert ordered == ["Trần Thị Bình", "Phạm Thị Dung", "Lê Văn Cường", "Hoàng Văn Đức", "Nguyễn Văn An",
                       "Vũ Thị Yến", "Đỗ Văn Giang"]  # fmt: skip
    titles = doc.xpath("//li[contains(@class, 'leader')][1]//p[@class='leader-titles']")[0].text
    assert titles == "Bí thư Thành ủy Hà Nội"
    index = doc.xpath("//aside[@class='name-index']")[0]
    assert [a.text for a in index.xpath(".//ul[@class='letters']//a")] == ["A", "B", "C", "D", "Đ", "G", "Y"]
    groups = {h.text: [a.text for a in h.getnext().xpath(".//a")] for h in index.xpath(".//h3")}
    assert groups["Đ"] == ["Hoàng Văn Đức"] and groups["G"] == ["Đỗ Văn Giang"] and groups["Y"] == ["Vũ Thị Yến"]
    assert index.xpath(".//ul[@class='letters']//a")[0].get("href") == "#" + index.xpath(".//h3")[0].get("id")


def test_a_snippet_marks_the_phrase_typed_not_a_stray_common_word():
    query = parse_query("du an trong diem")
    text = (
        "Họp bàn trong cơ quan về nhiều việc. " * 3
        + "Thành phố đẩy nhanh các dự án trọng điểm về giao thông trong năm nay."
    )
    passage = str(snippet(text, query))
    assert "<mark>dự</mark> <mark>án</mark> <mark>trọng</mark> <mark>điểm</mark>" in passage
    assert "<mark>trong</mark>" not in passage  # "trong cơ quan", "trong năm nay": not what was looked for
    assert passage.startswith("… ")  # the passage is centred on the phrase, not on the first "trong"
    # Without the phrase, the meaningful words alone are marked; a common one only inside a run.
    assert str(highlight("Điểm mới trong dự thảo", query)) == "<mark>Điểm</mark> mới trong <mark>dự</mark> thảo"
    assert str(highlight("Dự án mới, điểm mới", query)) == "<mark>Dự</mark> <mark>án</mark> mới, điểm mới"
    assert str(highlight("trong", parse_query("trong"))) == "<mark>trong</mark>"


def test_search_date_filters_read_and_show_day_month_year(client):
    old = make_article("Dự án cũ", published_at=on(2018, 6, 18))
    new = make_article("Dự án mới", published_at=on(2019, 6, 18))
    response = client.get(reverse("search:results"), {"q": "du an", "tu_ngay": "01/01/2019", "den_ngay": "31/12/2019"})
    html = response.content.decode()
    assert new.get_absolute_url() in html and old.get_absolute_url() not in html
    doc = lxml_html.fromstring(response.content)
    start = doc.xpath("//input[@name='tu_ngay']")[0]
    assert start.get("type") == "text" and start.get("value") == "01/01/2019"
    assert start.get("placeholder") == "ngày/tháng/năm"
    # Addresses written with ISO dates still work, and show the date as dd/mm/yyyy.
    iso = lxml_html.fromstring(client.get(reverse("search:results"), {"q": "du an", "tu_ngay": "2019-01-01"}).content)
    assert iso.xpath("//input[@name='tu_ngay']")[0].get("value") == "01/01/2019"


def test_the_rss_feed_reads_as_a_page_in_a_browser_and_stays_a_valid_feed(client):
    make_article("Bài trong nguồn tin", lead="Sapo của bài.")
    response = client.get(reverse("public:feed_rss"))
    assert response["Content-Type"] == "application/xml; charset=utf-8"  # the type browsers apply XSLT to
    stylesheet = reverse("public:home") + "static/feeds/rss.xsl"
    assert f'<?xml-stylesheet href="{stylesheet}" media="screen" type="text/xsl"?>' in response.content.decode()
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "rss20" and feed.entries[0].title == "Bài trong nguồn tin"
    # What a browser shows: the stylesheet applied to the feed.
    transform = etree.XSLT(etree.parse(finders.find("feeds/rss.xsl")))
    page = lxml_html.fromstring(str(transform(etree.fromstring(response.content))))
    assert "nguồn tin RSS" in page.findtext(".//title")
    assert page.xpath("//h2/a")[0].text == "Bài trong nguồn tin"
    assert "Đây là nguồn tin RSS" in page.text_content()


def test_a_caption_whose_picture_never_arrived_is_not_shown_and_the_admin_lists_the_article(client):
    agency = make_agency()
    orphan = make_article(
        "Bài thiếu ảnh",
        agency=agency,
        body='<p>Đoạn một.</p>\n<figure class="image-captioned"><figcaption>Chú thích mồ côi.</figcaption></figure>'
        "\n<p>Đoạn hai.</p>",
    )
    make_article(
        "Bài đủ ảnh",
        agency=agency,
        body='<figure class="image"><img src="/media/a.jpg" alt="Ảnh"><figcaption>Có ảnh.</figcaption></figure>',
    )
    page = client.get(orphan.get_absolute_url()).content.decode()
    assert "Đoạn một." in page and "Đoạn hai." in page
    assert "Chú thích mồ côi." not in page and "<figcaption" not in page.split("<main", 1)[1]
    assert list(Article.objects.missing_pictures().values_list("title", flat=True)) == ["Bài thiếu ảnh"]
    client.force_login(make_editor("viet", roles=("writer",), agencies=(agency,)))
    listing = client.get(reverse("admin:articles_articlemissingpictures_changelist")).content.decode()
    assert "Bài thiếu ảnh" in listing and "Bài đủ ảnh" not in listing
    assert reverse("admin:articles_article_change", args=[orphan.pk]) in listing

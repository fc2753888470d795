"""The front page: a lead story with its cover, three to five secondary stories with thumbnails, the latest
releases, a block per main section; editors feature or pin a story, with an optional end time that needs no clock
job (the page cache keeps no page past it)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles.newsroom import featuring
from articles.newsroom.models import Article, Section
from articles.pagecache import store
from tests.factories import make_agency, make_article, make_editor, picture_file

pytestmark = pytest.mark.django_db


def ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def front(client) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(client.get("/").content)


def lead_title(doc) -> str:
    return doc.xpath("//article[contains(@class, 'lead-story')]//h3")[0].text_content().strip()


def secondary_titles(doc) -> list[str]:
    return [h.text_content().strip() for h in doc.xpath("//ul[@class='secondary-stories']//h3")]


def with_cover(title: str, hours: float, **fields) -> Article:
    return make_article(title, published_at=ago(hours), cover=picture_file(size=(800, 450)), cover_alt="Ảnh", **fields)


def test_with_nothing_featured_the_newest_story_with_a_cover_leads(client):
    agency = make_agency()
    make_article("Mới nhất, không có ảnh", published_at=ago(1), agency=agency)
    with_cover("Mới nhất có ảnh", 2, agency=agency)
    for i in range(5):
        with_cover(f"Tin có ảnh {i}", 3 + i, agency=agency)
    doc = front(client)
    assert lead_title(doc) == "Mới nhất có ảnh"
    lead_picture = doc.xpath("//article[contains(@class, 'lead-story')]//img")[0]
    assert lead_picture.get("loading") is None and lead_picture.get("width") and "srcset" in lead_picture.attrib
    assert secondary_titles(doc) == [f"Tin có ảnh {i}" for i in range(4)]
    thumbs = doc.xpath("//ul[@class='secondary-stories']//img")
    assert len(thumbs) == 4 and all(img.get("loading") == "lazy" for img in thumbs)
    latest = [a.text for a in doc.xpath("//section[@class='latest']//li/a")]
    assert latest[0] == "Mới nhất, không có ảnh" and "Tin có ảnh 4" in latest


def test_each_story_is_on_the_front_page_once(client):
    for i in range(25):
        if i % 2:
            with_cover(f"Tin số {i:02d}", i + 1)
        else:
            make_article(f"Tin số {i:02d}", published_at=ago(i + 1))
    html = client.get("/").content.decode()
    shown = [i for i in range(25) if f">Tin số {i:02d}<" in html]
    assert len(shown) == 13  # a lead, four secondary stories, eight latest releases
    for i in shown:
        assert html.count(f">Tin số {i:02d}<") == 1, i


def test_a_pinned_story_leads_and_featured_ones_come_next(client):
    agency = make_agency()
    for i in range(4):
        with_cover(f"Tin thường {i}", 1 + i, agency=agency)
    featured = make_article("Tin nổi bật không ảnh", published_at=ago(30), agency=agency, feature="featured")
    pinned = with_cover("Tin ghim", 40, agency=agency, feature="pinned")
    doc = front(client)
    assert lead_title(doc) == pinned.title
    assert secondary_titles(doc)[0] == featured.title
    # A story without a cover is laid out as text: no empty picture box.
    item = doc.xpath("//li[contains(@class, 'secondary-story')][1]")[0]
    assert "secondary-text-only" in item.get("class") and not item.xpath(".//img|.//picture")


def test_a_lead_without_a_cover_still_looks_intended(client):
    make_article("Chỉ có chữ", published_at=ago(1))
    doc = front(client)
    lead = doc.xpath("//article[contains(@class, 'lead-story')]")[0]
    assert "lead-text-only" in lead.get("class") and not lead.xpath(".//img|.//picture")


def test_a_featuring_ends_at_its_time_without_a_clock_job_and_the_cache_keeps_no_page_past_it(client):
    with_cover("Tin thường mới", 1)
    ends = timezone.now() + datetime.timedelta(minutes=10)
    with_cover("Tin ghim có hạn", 50, feature="pinned", feature_until=ends)
    response = client.get("/")
    assert lead_title(lxml_html.fromstring(response.content)) == "Tin ghim có hạn"
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 590 <= s_maxage <= 600  # the page lives until the featuring ends, not a default 10 minutes later
    assert abs(store.expiry(None) - ends.timestamp()) < 1
    with time_machine.travel(ends + datetime.timedelta(seconds=1), tick=False):
        assert lead_title(front(client)) == "Tin thường mới"
        assert list(Article.objects.featured_now()) == []


def test_the_next_unwritten_change_is_the_earliest_of_publications_and_featuring_ends():
    soon, later = timezone.now() + datetime.timedelta(minutes=5), timezone.now() + datetime.timedelta(hours=2)
    make_article("Hẹn giờ", published_at=later)
    make_article("Nổi bật có hạn", feature="featured", feature_until=soon)
    make_article("Hết nổi bật", feature="featured", feature_until=ago(1))
    make_article("Nháp nổi bật", status=Article.Status.DRAFT, feature="pinned", feature_until=ago(-0.01))
    assert Article.objects.next_unwritten_change() == soon


def feature_from_the_list(client, articles, **data):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "feature_selected", "_selected_action": [a.pk for a in articles], **data},
    )


def test_approvers_feature_or_pin_from_the_list_with_an_end_time(client):
    agency = make_agency()
    article = make_article("Bài cần đưa lên", agency=agency)
    client.force_login(make_editor("duyet", roles=("approver",), agencies=(agency,)))
    asks = feature_from_the_list(client, [article])
    assert asks.status_code == 200 and "Nổi bật đến (giờ Hà Nội)" in asks.content.decode()
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    done = feature_from_the_list(
        client,
        [article],
        apply="1",
        feature="pinned",
        feature_until_0=f"{until:%d/%m/%Y}",
        feature_until_1=f"{until:%H:%M}",
    )
    assert done.status_code == 302
    article.refresh_from_db()
    assert (article.feature, article.feature_until) == ("pinned", until)
    past = feature_from_the_list(
        client, [article], apply="1", feature="featured", feature_until_0="01/01/2020", feature_until_1="08:00"
    )
    assert "Thời điểm kết thúc phải ở sau thời điểm hiện tại." in past.content.decode()


def test_writers_cannot_feature(client):
    agency = make_agency()
    article = make_article(agency=agency)
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "feature_selected" not in page
    with pytest.raises(featuring.PermissionDenied):
        featuring.set_feature(articles=[article], feature="pinned", until=None, by=writer)


def test_the_article_page_in_the_admin_features_a_published_article_at_once_with_an_end_time(client):
    agency = make_agency()
    article = make_article("Bài trên trang sửa", agency=agency)
    client.force_login(make_editor("duyet", roles=("approver",), agencies=(agency,)))
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    data = {"feature": "featured", "feature_until_0": f"{until:%d/%m/%Y}", "feature_until_1": f"{until:%H:%M}"}
    response = client.post(reverse("admin:articles_article_portal", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    article.refresh_from_db()
    assert (article.feature, article.feature_until) == ("featured", until)
    assert lead_title(front(client)) == "Bài trên trang sửa"  # no review: featuring is not an edit of the text


def test_a_block_per_main_section_with_its_newest_stories(client):
    economy = Section.objects.create(name="Kinh tế", on_home=True, order=1)
    city = Section.objects.create(name="Đô thị", on_home=True, order=2)
    Section.objects.create(name="Không lên trang chủ", on_home=False)
    for i in range(14):  # the first 13 fill the lead, the secondary stories and the latest releases
        make_article(f"Mới {i}", published_at=ago(i / 10))
    for i in range(6):
        make_article(f"Kinh tế {i}", published_at=ago(i + 2)).sections.set([economy])
    make_article("Đô thị 0", published_at=ago(30)).sections.set([city, economy])
    make_article("Đô thị 1", published_at=ago(31)).sections.set([city])
    doc = front(client)
    blocks = doc.xpath("//section[@class='section-block']")
    assert [b.xpath(".//h2")[0].text_content() for b in blocks] == ["Kinh tế", "Đô thị"]
    assert [a.text for a in blocks[0].xpath(".//li/a")] == ["Kinh tế 0", "Kinh tế 1", "Kinh tế 2", "Kinh tế 3"]
    # Each story once: "Đô thị 0", of both sections, is in the block that still had room for it.
    assert [a.text for a in blocks[1].xpath(".//li/a")] == ["Đô thị 0", "Đô thị 1"]
    assert blocks[0].xpath(".//h2/a")[0].get("href") == economy.get_absolute_url()


def test_the_old_paginated_front_page_leads_to_the_full_list(client):
    response = client.get("/?page=3")
    assert response.status_code == 301 and response["Location"] == reverse("public:latest") + "?page=3"


def test_a_page_reads_the_next_unwritten_change_with_its_site_settings_as_the_page_cache_would(client):
    """The header's one query carries the moment (articles/site/context.py); it must be the page cache's own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    soon = timezone.now() + datetime.timedelta(minutes=7)
    make_article("Hẹn giờ", published_at=timezone.now() + datetime.timedelta(hours=3))
    make_article("Nổi bật có hạn", feature="featured", feature_until=soon)
    assert Article.objects.next_unwritten_change() == soon
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("public:agency_list"))
    assert not any("MIN(" in query["sql"] for query in queries.captured_queries)  # no query of the cache's own
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 410 <= s_maxage <= 420

"""The English site's feeds (/en/rss/, /en/atom/) list the articles whose English version is public, in English,
linking to the English pages, and English pages name them in their head; /en/bai-viet/<slug>/ban-in/ prints the
English version of an article that has one (the Vietnamese print view stays at /bai-viet/<slug>/ban-in/)."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_english_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    agency = make_agency("Sở Giao thông vận tải", name_en="Department of Transport")
    translated = make_article(
        "Hà Nội khai trương tuyến buýt điện",
        agency=agency,
        published_at=datetime.datetime(2025, 5, 1, 8, 0, tzinfo=datetime.UTC),
        source="Sở Giao thông vận tải",
    )
    english = make_english_version(
        translated,
        title="Hanoi opens an electric bus line",
        lead="The first electric line runs from Hoan Kiem.",
        body="<p>Buses run every ten minutes.</p>",
    )
    vietnamese_only = make_article("Thông báo lịch tiếp công dân", agency=agency)
    draft = make_article("Bài có bản dịch chưa duyệt", agency=agency)
    make_english_version(draft, title="A draft translation", status=Article.Status.DRAFT)
    return {"translated": translated, "english": english, "vietnamese_only": vietnamese_only, "draft": draft}


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("path", ["/en/rss/", "/en/atom/"])
def test_english_feeds_list_only_articles_with_a_public_english_version_in_english(client, articles, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.get("language", "en").startswith("en")
    assert feed.feed.title.startswith("Latest news – ")
    assert [entry.title for entry in feed.entries] == ["Hanoi opens an electric bus line"]
    entry = feed.entries[0]
    assert entry.summary == "The first electric line runs from Hoan Kiem."
    assert entry.link == "http://testserver/en/bai-viet/hanoi-opens-an-electric-bus-line/"
    assert entry.author == "Department of Transport"
    # Nothing Vietnamese: neither the Vietnamese-only article nor the unapproved translation.
    text = response.content.decode()
    assert "Thông báo lịch tiếp công dân" not in text and "A draft translation" not in text


def test_the_vietnamese_feeds_are_unchanged(client, articles):
    feed = feedparser.parse(client.get("/rss/").content)
    titles = {entry.title for entry in feed.entries}
    assert "Thông báo lịch tiếp công dân" in titles and "Hà Nội khai trương tuyến buýt điện" in titles
    assert "Hanoi opens an electric bus line" not in titles


def test_an_english_version_taken_offline_leaves_the_english_feed(client, articles):
    english = articles["english"]
    english.status = Article.Status.ARCHIVED
    english.save()
    assert feedparser.parse(client.get("/en/rss/").content).entries == []


@pytest.mark.parametrize("page", ["/en/", "english_article"])
def test_english_pages_name_the_english_feeds_in_their_head(client, articles, page):
    path = articles["english"].get_absolute_url() if page == "english_article" else page
    head = lxml_html.fromstring(client.get(path).content).find("head")
    feeds = {link.get("type"): link.get("href") for link in head.iterfind("link[@rel='alternate']") if link.get("type")}
    assert feeds["application/rss+xml"] == "/en/rss/"
    assert feeds["application/atom+xml"] == "/en/atom/"
    assert en("public:feed_rss") == "/en/rss/"


def test_english_print_view_prints_the_english_version(client, articles):
    english = articles["english"]
    response = client.get(f"/en/bai-viet/{english.slug}/ban-in/")
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert page.get("lang") == "en"
    assert page.findtext(".//h1") == "Hanoi opens an electric bus line"
    text = response.content.decode()
    assert "Buses run every ten minutes." in text
    assert "Print the article" in text and "Back to the article" in text and "Printed from" in text
    assert "Department of Transport" in text
    assert page.find(".//link[@rel='canonical']").get("href") == "http://testserver" + english.get_absolute_url()
    assert page.find(".//link[@rel='stylesheet']").get("href").endswith("print.css")
    assert "Hà Nội khai trương" not in text


def test_english_print_view_by_the_vietnamese_slug_leads_to_the_english_one(client, articles):
    response = client.get(f"/en/bai-viet/{articles['translated'].slug}/ban-in/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/bai-viet/{articles['english'].slug}/ban-in/"


@pytest.mark.parametrize("which", ["vietnamese_only", "draft"])
def test_print_view_of_an_article_without_public_english_is_the_vietnamese_one(client, articles, which):
    article = articles[which]
    response = client.get(f"/en/bai-viet/{article.slug}/ban-in/")
    assert response.status_code == 302
    assert response["Location"] == f"/bai-viet/{article.slug}/ban-in/"
    assert client.get(response["Location"]).status_code == 200


def test_vietnamese_print_view_is_unchanged(client, articles):
    response = client.get(f"/bai-viet/{articles['translated'].slug}/ban-in/")
    assert response.status_code == 200
    assert "Hà Nội khai trương tuyến buýt điện" in response.content.decode()


def test_print_view_of_an_unknown_slug_is_not_found(client, articles):
    response = client.get("/en/bai-viet/khong-co-bai-nay/ban-in/", follow=True)
    assert response.status_code == 404

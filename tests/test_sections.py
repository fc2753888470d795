"""Sections (chuyên mục) and article types: each article has one type and one or more sections; each section has
its page with pagination, RSS and Atom feeds and a sitemap entry; the menu marks the current section."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.newsroom.models import Article, ArticleType, Section
from articles.site.models import MenuItem
from tests.factories import make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def economy():
    section = Section.objects.create(name="Kinh tế", description="Đầu tư và doanh nghiệp.")
    other = Section.objects.create(name="Văn hóa – Xã hội")
    agency = make_agency()
    for day in range(25):
        make_article(
            f"Tin kinh tế {day:02d}", agency=agency, published_at=timezone.now() - datetime.timedelta(days=day + 1)
        ).sections.set([section])
    make_article("Tin văn hóa", agency=agency).sections.set([other])
    make_article("Bản nháp kinh tế", agency=agency, status=Article.Status.DRAFT).sections.set([section])
    return section


def test_a_section_page_lists_its_published_articles_newest_first_with_pagination(client, economy):
    assert economy.slug == "kinh-te"
    first = client.get(economy.get_absolute_url()).content.decode()
    assert "<h1>Kinh tế</h1>" in first and "Đầu tư và doanh nghiệp." in first
    assert first.index("Tin kinh tế 00<") < first.index("Tin kinh tế 01<")
    assert "Tin văn hóa" not in first and "Bản nháp kinh tế" not in first
    assert "Tin kinh tế 20<" not in first and "Trang 1 / 2" in first
    second = client.get(economy.get_absolute_url() + "?page=2").content.decode()
    assert "Tin kinh tế 24<" in second


def test_a_section_has_rss_and_atom_feeds_linked_from_its_page(client, economy):
    page = client.get(economy.get_absolute_url()).content.decode()
    rss_url = reverse("public:section_feed_rss", kwargs={"slug": economy.slug})
    atom_url = reverse("public:section_feed_atom", kwargs={"slug": economy.slug})
    assert f'href="{rss_url}"' in page and f'href="{atom_url}"' in page
    for url in (rss_url, atom_url):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert feed.feed.title == "Kinh tế – Cổng thông tin Thành phố Hà Nội"
        titles = [entry.title for entry in feed.entries]
        assert titles[0] == "Tin kinh tế 00" and "Tin văn hóa" not in titles and "Bản nháp kinh tế" not in titles


def test_sections_and_article_types_are_in_the_sitemap(client, economy):
    sitemap = etree.fromstring(client.get(reverse("sitemap_section", kwargs={"section": "trang"})).content)
    listed = sitemap.xpath("//sm:loc/text()", namespaces={"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert f"http://testserver{economy.get_absolute_url()}" in listed
    default_type = ArticleType.objects.default()
    assert f"http://testserver{default_type.get_absolute_url()}" in listed


def test_an_article_shows_its_type_and_sections_and_the_menu_marks_its_section(client, economy):
    MenuItem.objects.create(label="Kinh tế", section=economy, order=1)
    article = Article.objects.get(title="Tin kinh tế 00")
    article.article_type = ArticleType.objects.get(slug="thong-bao")
    article.save()
    doc = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    kicker = doc.xpath("//p[@class='kicker']")[0]
    assert [a.text for a in kicker.xpath("a")] == ["Thông báo", "Kinh tế"]
    menu = doc.xpath("//nav[@aria-label='Trình đơn chính']//a[@aria-current]")
    assert [(a.text, a.get("aria-current")) for a in menu] == [("Kinh tế", "true")]
    section_page = lxml_html.fromstring(client.get(economy.get_absolute_url()).content)
    current = section_page.xpath("//nav[@aria-label='Trình đơn chính']//a[@aria-current]")
    assert [(a.text, a.get("aria-current")) for a in current] == [("Kinh tế", "page")]
    type_page = client.get(article.article_type.get_absolute_url()).content.decode()
    assert "Tin kinh tế 00" in type_page and "Tin kinh tế 01" not in type_page


def test_the_article_page_gives_one_type_and_asks_for_a_section_once_sections_exist(client, economy):
    agency = make_agency()
    article = make_article("Bài chưa phân loại", agency=agency)
    client.force_login(make_editor("viet", roles=("writer",), agencies=(agency,)))
    change = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    url = reverse("admin:articles_article_portal", args=[article.pk])
    assert f'href="{url}"' in change  # the article's page links its page of sections and featuring
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="feature" disabled' in page.content.decode()  # a writer files articles but features none
    refused = client.post(url, {"article_type": "", "sections": []})
    assert "Hãy chọn ít nhất một chuyên mục cho bài viết." in refused.content.decode()
    saved = client.post(url, {"article_type": "", "sections": [economy.pk]})
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.article_type == ArticleType.objects.default()
    assert list(article.sections.all()) == [economy]


def test_every_article_had_a_type_after_the_migration_and_the_usual_types_exist():
    assert list(ArticleType.objects.values_list("name", flat=True)) == [
        "Thông cáo báo chí",
        "Tin hoạt động",
        "Chỉ đạo điều hành",
        "Thông báo",
        "Lịch công tác",
    ]


def test_renaming_a_section_shows_on_cached_pages_at_once(client, economy):
    MenuItem.objects.create(label="Kinh tế", section=economy, order=1)
    assert "Kinh tế" in client.get(economy.get_absolute_url()).content.decode()
    economy.name = "Kinh tế – Đầu tư"
    economy.save()
    assert "<h1>Kinh tế – Đầu tư</h1>" in client.get(economy.get_absolute_url()).content.decode()

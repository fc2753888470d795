"""sitemap.xml (valid against the sitemaps.org schemas, split into an index), robots.txt, canonical links,
Open Graph and Twitter tags, JSON-LD NewsArticle."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from articles.newsroom.models import Article
from articles.public.sitemaps import ArticleSitemap
from tests.factories import make_agency, make_article, make_official, make_programme, picture_file

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "schemas"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def fetch_xml(client, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


def test_sitemap_index_and_every_section_validate_and_large_sections_split(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    agency = make_agency()
    published = [make_article(f"Bài số {i}", agency=agency) for i in range(5)]
    draft = make_article("Bản nháp", status=Article.Status.DRAFT, agency=agency)
    make_official()
    make_programme()

    index = fetch_xml(client, reverse("sitemap_index"))
    schema("siteindex.xsd").assertValid(index)
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    article_pages = [loc for loc in locations if "sitemap-bai-viet.xml" in loc]
    assert len(article_pages) == 3  # 5 articles, 2 per page

    urlset = schema("sitemap-with-alternates.xsd")  # the alternates of the English site (issue 17)
    listed = []
    for location in locations:
        section = fetch_xml(client, location.removeprefix("http://testserver"))
        urlset.assertValid(section)
        listed += section.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    for article in published:
        assert f"http://testserver{article.get_absolute_url()}" in listed
    assert f"http://testserver{draft.get_absolute_url()}" not in listed
    assert f"http://testserver{agency.get_absolute_url()}" in listed
    assert "http://testserver/" in listed


def test_schema_rejects_a_broken_sitemap():
    broken = etree.fromstring(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url></url></urlset>')
    assert not schema("sitemap.xsd").validate(broken)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /quan-tri/" in text


def test_article_page_has_canonical_open_graph_twitter_and_json_ld(client):
    article = make_article(
        'Hà Nội "đẩy nhanh" dự án </script><script>alert(1)</script>',
        lead="Sáng 18/6, Thành ủy làm việc với Sở.",
        cover=picture_file(size=(1600, 900)),
        cover_alt="Quang cảnh buổi làm việc",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Hà Nội &quot;đẩy nhanh&quot; dự án' in html
    assert '<meta property="og:description" content="Sáng 18/6, Thành ủy làm việc với Sở.">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/renditions/[^"]+-1280\.jpg">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "<script>alert(1)</script>" not in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["mainEntityOfPage"] == url
    assert data["datePublished"].startswith(article.published_at.isoformat()[:19])
    assert data["author"]["name"] == article.agency.name
    assert data["image"][0].endswith("-1280.jpg")


def test_list_pages_have_canonical_without_filters_but_with_page(client):
    for _ in range(21):
        make_article()
    html = client.get(reverse("public:latest"), {"page": 2, "utm_source": "zalo"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/tin-moi/?page=2">' in html
    assert '<meta property="og:type" content="website">' in html

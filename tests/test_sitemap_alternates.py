"""sitemap.xml lists the English pages and names each page's language versions with hreflang (xhtml:link), valid
against the sitemaps.org schema; an article appears with English only once its English version is public."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.urls import reverse
from lxml import etree

from articles.newsroom import item_steps, workflow
from articles.pages.models import Page
from tests.factories import make_agency, make_article, make_editor, make_english_version, make_official
from tests.test_sitemap_and_sharing import NS, fetch_xml, schema

pytestmark = pytest.mark.django_db
XHTML = {"xhtml": "http://www.w3.org/1999/xhtml", **NS}


def entries(client) -> dict[str, dict[str, str]]:
    """Every <loc> of every section, with its hreflang alternates."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    index = fetch_xml(client, reverse("sitemap_index"))
    for location in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS):
        section = fetch_xml(client, location.removeprefix("http://testserver"))
        if len(section):  # an empty section (no programme yet…) is not what these tests are about
            schema("sitemap-with-alternates.xsd").assertValid(section)
        for url in section.xpath("//sm:url", namespaces=NS):
            loc = url.xpath("sm:loc/text()", namespaces=NS)[0].removeprefix("http://testserver")
            for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=XHTML):
                found[loc][link.get("hreflang")] = link.get("href").removeprefix("http://testserver")
            found.setdefault(loc, {})
    return found


def test_pages_in_both_languages_carry_their_alternates_both_ways(client):
    agency = make_agency("Sở Y tế")
    official = make_official("Nguyễn Văn Y")
    listed = entries(client)
    for path in (agency.get_absolute_url(), official.get_absolute_url(), reverse("public:agency_chart"), "/"):
        english = "/en" + path if path != "/" else "/en/"
        pair = {"vi": path, "en": english, "x-default": path}
        assert listed[path] == pair, path
        assert listed[english] == pair, english


def test_an_article_lists_its_english_version_only_once_public(client):
    article = make_article("Hà Nội mở rộng phố đi bộ")
    english = make_english_version(
        article, title="Hanoi widens its walking streets", slug="walking-streets", status="submitted"
    )
    other = make_article("Bài chỉ có tiếng Việt")
    listed = entries(client)
    assert listed[article.get_absolute_url()] == {}
    assert english.get_absolute_url() not in listed
    english.status = "published"
    english.save()
    listed = entries(client)
    pair = {
        "vi": article.get_absolute_url(),
        "en": "/en/bai-viet/walking-streets/",
        "x-default": article.get_absolute_url(),
    }
    assert listed[article.get_absolute_url()] == pair
    assert listed["/en/bai-viet/walking-streets/"] == pair
    assert listed[other.get_absolute_url()] == {}
    assert "/en" + other.get_absolute_url() not in listed  # a fallback page is not listed


def test_pages_editors_write_are_listed_once_published_in_the_languages_written(client):
    admins = make_editor("qt1", roles=("site_admin",)), make_editor("qt2", roles=("site_admin",))
    about, privacy = Page.objects.get(kind="about"), Page.objects.get(kind="privacy")
    about.body, about.body_en = "<p>Giới thiệu.</p>", "<p>About.</p>"
    about.save()
    privacy.body = "<p>Bảo mật.</p>"
    privacy.save()
    assert "/trang/gioi-thieu/" not in entries(client)
    for page in (about, privacy):
        item_steps.take(item=page, by=admins[0], step=workflow.SUBMIT)
        item_steps.take(item=page, by=admins[1], step=workflow.APPROVE)
    listed = entries(client)
    pair = {"vi": "/trang/gioi-thieu/", "en": "/en/trang/about/", "x-default": "/trang/gioi-thieu/"}
    assert listed["/trang/gioi-thieu/"] == listed["/en/trang/about/"] == pair
    assert listed["/trang/chinh-sach-bao-mat/"] == {
        "vi": "/trang/chinh-sach-bao-mat/",
        "x-default": "/trang/chinh-sach-bao-mat/",
    }
    assert "/en/trang/privacy/" not in listed


def test_the_alternates_use_the_xhtml_namespace_search_engines_read():
    from django.template.loader import render_to_string

    xml = render_to_string(
        "sitemap.xml",
        {"urlset": [{"location": "https://x/", "alternates": [{"location": "https://x/en/", "lang_code": "en"}]}]},
    )
    assert etree.fromstring(xml.encode()).xpath("//xhtml:link/@hreflang", namespaces=XHTML) == ["en"]

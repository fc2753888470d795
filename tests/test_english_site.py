"""The English site under /en/: the address picks the language (Vietnamese stays at /), `<html lang>` and
Content-Language say it, a language switch on every page, hreflang pairs valid both ways, interface strings from
locale/en, directory text in English where an editor wrote it and visibly Vietnamese where not."""

from __future__ import annotations

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from lxml import html as lxml_html

from articles.newsroom.models import Agency
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_english_version,
    make_official,
    make_programme,
    make_spokesperson,
)

pytestmark = pytest.mark.django_db

# Letters only Vietnamese writes (and the marks on them); interface text on an English page must have none.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


@pytest.fixture
def city():
    city_hall = make_agency(
        "UBND thành phố Hà Nội",
        name_en="Hanoi People's Committee",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        functions="<p>Cơ quan hành chính nhà nước ở địa phương.</p>",
        functions_en="<p>The local state administrative body.</p>",
        address="Số 12 Lê Lai, Hoàn Kiếm, Hà Nội",
        address_en="12 Le Lai Street, Hoan Kiem, Hanoi",
        phone="024 3825 3536",
        working_hours="Sáng 8:00–12:00",
        working_hours_en="8:00–12:00",
    )
    department = make_agency("Sở Kế hoạch và Đầu tư", parent=city_hall, functions="<p>Tham mưu về kế hoạch.</p>")
    chair = make_official("Trần Sỹ Thanh")
    make_appointment(chair, agency=city_hall, title="Chủ tịch UBND thành phố", start=datetime.date(2022, 7, 1))
    chair.appointments.update(title_en="Chairman of the People's Committee")
    make_spokesperson(city_hall, chair, phone="0912 345 678")
    article = make_article("Hà Nội đẩy nhanh giải ngân vốn đầu tư công", agency=city_hall, officials=[chair])
    english = make_english_version(article, title="Hanoi speeds up public investment", slug="hanoi-public-investment")
    untranslated = make_article("Thông báo lịch tiếp công dân", agency=department)
    programme = make_programme("06-CTr/TU", issuing_agency=city_hall)
    return {
        "agency": city_hall,
        "department": department,
        "official": chair,
        "article": article,
        "english": english,
        "untranslated": untranslated,
        "programme": programme,
    }


def vi_pages(city) -> dict[str, str]:
    return {
        "home": reverse("public:home"),
        "agency_list": reverse("public:agency_list"),
        "chart": reverse("public:agency_chart"),
        "agency": city["agency"].get_absolute_url(),
        "department": city["department"].get_absolute_url(),
        "official_list": reverse("public:official_list"),
        "official": city["official"].get_absolute_url(),
        "programme_list": reverse("public:programme_list"),
        "programme": city["programme"].get_absolute_url(),
        "archive": reverse("public:archive_index"),
        "article": city["article"].get_absolute_url(),
        "untranslated": city["untranslated"].get_absolute_url(),
        "search": reverse("search:results") + "?q=ha+noi",
    }


def get(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response, lxml_html.fromstring(response.content.decode())


def hreflangs(tree) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')}


def test_vietnamese_stays_the_default_at_the_root_whatever_the_browser_asks(client, city):
    response, tree = get(client, reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert tree.get("lang") == "vi" and response["Content-Language"] == "vi"
    # The address alone decides the language: no Vary on Accept-Language, so shared caches keep one copy.
    assert "Accept-Language" not in response.get("Vary", "")
    response, tree = get(client, "/en/", HTTP_ACCEPT_LANGUAGE="vi")
    assert tree.get("lang") == "en" and response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")


def test_every_public_page_has_a_language_switch_to_the_same_page_in_the_other_language(client, city):
    for name, path in vi_pages(city).items():
        for prefix, other in (("", "en"), ("/en", "vi")):
            url = prefix + path if name != "article" or not prefix else city["english"].get_absolute_url()
            _, tree = get(client, url)
            switch = {a.get("lang"): a for a in tree.cssselect("nav.language-switch a")}
            assert set(switch) == {"vi", "en"}, url
            current = "en" if prefix else "vi"
            assert switch[current].get("aria-current") == "true", url
            target = switch[other].get("href")
            response = client.get(target)
            assert response.status_code == 200, (
                f"{name}: the switch on {url} leads to {target} ({response.status_code})"
            )
            assert response["Content-Language"] == other


def test_hreflang_pairs_are_valid_both_ways(client, city):
    checked = 0
    for name, path in vi_pages(city).items():
        _, tree = get(client, path)
        links = hreflangs(tree)
        if name == "untranslated":
            assert links == {}, "an article without English names no English page"
            continue
        assert set(links) == {"vi", "en", "x-default"}, name
        canonical = tree.xpath('//link[@rel="canonical"]/@href')
        assert links["vi"] == links["x-default"] == canonical[0], name
        _, english = get(client, links["en"])
        assert english.get("lang") == "en"
        assert hreflangs(english) == links, f"{name}: the English page must name the same pair"
        assert english.xpath('//link[@rel="canonical"]/@href') == [links["en"]]
        checked += 1
    assert checked == len(vi_pages(city)) - 1


def test_interface_strings_on_english_pages_come_from_the_translation_files(client, city):
    """Headings, labels, navigation and footer: no Vietnamese letter outside text marked lang="vi"."""
    chrome = "header.site-header, footer.site-footer, h2, dt, label, button, nav.pagination, .notice, .meta"
    for name, path in vi_pages(city).items():
        url = city["english"].get_absolute_url() if name == "article" else "/en" + path
        _, tree = get(client, url)
        for element in tree.cssselect(chrome):
            for marked in element.xpath('.//*[@lang="vi"]'):
                marked.getparent().remove(marked)
            text = " ".join(element.text_content().split())
            # People's names are not translated.
            for person in ("Trần Sỹ Thanh",):
                text = text.replace(person, "")
            assert not VIETNAMESE_LETTERS.search(text), f"{name}: Vietnamese interface text on {url}: {text!r}"


def test_agency_names_functions_contacts_and_titles_in_english_where_written(client, city):
    _, tree = get(client, "/en" + city["agency"].get_absolute_url())
    body = " ".join(" ".join(tree.itertext()).split())
    assert tree.cssselect("h1")[0].text_content() == "Hanoi People's Committee"
    assert "The local state administrative body." in body and "Cơ quan hành chính" not in body
    assert "12 Le Lai Street, Hoan Kiem, Hanoi" in body and "Working hours 8:00–12:00" in body
    assert "Trần Sỹ Thanh Chairman of the People's Committee" in " ".join(
        " ".join(tree.cssselect(".leaders")[0].itertext()).split()
    )
    assert "Press contact" in body and "Spokesperson" in body


def test_missing_english_text_falls_back_visibly_to_the_vietnamese(client, city):
    _, tree = get(client, "/en" + city["department"].get_absolute_url())
    (name,) = tree.cssselect("h1 span[lang=vi]")
    assert name.text_content() == "Sở Kế hoạch và Đầu tư"
    (functions,) = tree.cssselect('[aria-labelledby="functions-heading"]')
    assert "Vietnamese only" in functions.cssselect(".vietnamese-only")[0].text_content()
    assert functions.cssselect('div[lang="vi"]')[0].text_content() == "Tham mưu về kế hoạch."


def test_an_article_without_english_shows_its_vietnamese_text_marked_never_an_empty_page(client, city):
    article = city["untranslated"]
    _, tree = get(client, "/en" + article.get_absolute_url())
    assert tree.get("lang") == "en"
    assert "Vietnamese only" in tree.cssselect(".vietnamese-only")[0].text_content()
    assert tree.cssselect('h1[lang="vi"]')[0].text_content() == article.title
    # Not a translation: canonical to the Vietnamese page, named by no hreflang link.
    assert tree.xpath('//link[@rel="canonical"]/@href') == ["http://testserver" + article.get_absolute_url()]
    assert hreflangs(tree) == {}


def test_an_english_version_links_with_its_article_both_ways(client, city):
    article, english = city["article"], city["english"]
    assert english.get_absolute_url() == "/en/bai-viet/hanoi-public-investment/"
    _, tree = get(client, english.get_absolute_url())
    assert tree.cssselect("h1")[0].text_content() == "Hanoi speeds up public investment"
    assert "An English body." in tree.cssselect(".body")[0].text_content()
    assert not tree.cssselect(".vietnamese-only")
    assert hreflangs(tree) == {
        "vi": "http://testserver" + article.get_absolute_url(),
        "en": "http://testserver" + english.get_absolute_url(),
        "x-default": "http://testserver" + article.get_absolute_url(),
    }
    _, vietnamese = get(client, article.get_absolute_url())
    assert hreflangs(vietnamese) == hreflangs(tree)
    # The article's Vietnamese slug under /en/ leads to its English version.
    response = client.get("/en" + article.get_absolute_url())
    assert response.status_code == 301 and response["Location"] == english.get_absolute_url()


def test_an_english_version_not_yet_approved_is_not_shown(client, city):
    article = make_article("Bài có bản dịch nháp")
    make_english_version(article, title="Draft English", slug="draft-english", status="submitted")
    assert client.get("/en/bai-viet/draft-english/").status_code == 404
    _, tree = get(client, "/en" + article.get_absolute_url())
    assert tree.cssselect(".vietnamese-only") and "Draft English" not in tree.text_content()
    _, vietnamese = get(client, article.get_absolute_url())
    assert hreflangs(vietnamese) == {}


def test_cached_pages_never_mix_the_languages(client, city):
    cache.clear()
    path = city["agency"].get_absolute_url()
    for _ in range(2):  # the second round comes from the page cache
        vietnamese, english = client.get(path), client.get("/en" + path)
        assert vietnamese["Content-Language"] == "vi" and '<html lang="vi">' in vietnamese.content.decode()
        assert english["Content-Language"] == "en" and '<html lang="en">' in english.content.decode()
        assert "Accept-Language" not in vietnamese.get("Vary", "") + english.get("Vary", "")
    assert vietnamese["ETag"] != english["ETag"]


def test_every_interface_string_has_an_english_translation_and_the_compiled_catalogue_matches():
    """locale/en/LC_MESSAGES/django.po is what editors of the translation change; django.mo is what the site reads
    (committed, so the site needs no gettext tools). They must agree, and nothing may be left untranslated."""
    folder = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
    entries = parse_po((folder / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 100
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for (context, msgid), translations in entries.items():
        assert all(translations), f"untranslated: {msgid!r}"
        if len(translations) == 2:
            assert catalogue.ngettext(msgid, msgid, 2) == translations[1], msgid
        elif context:
            assert catalogue.pgettext(context, msgid) == translations[0], msgid
        else:
            assert catalogue.gettext(msgid) == translations[0], f"django.mo is out of date for {msgid!r}"


def parse_po(text: str) -> dict[tuple[str | None, str], list[str]]:
    entries: dict[tuple[str | None, str], list[str]] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr\[\d\]|msgstr) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        decoded = {
            name: value.encode().decode("unicode_escape").encode("latin-1").decode() for name, value in fields.items()
        }
        if decoded.get("msgid"):
            translations = [decoded[name] for name in sorted(decoded) if name.startswith("msgstr")]
            entries[(decoded.get("msgctxt"), decoded["msgid"])] = translations
    return entries


def test_a_page_not_found_names_no_alternates_and_switches_to_the_other_front_page(client):
    for path, other in (("/khong-co-trang-nay/", "http://testserver/en/"), ("/en/no-such-page/", "http://testserver/")):
        response = client.get(path)
        assert response.status_code == 404
        tree = lxml_html.fromstring(response.content.decode())
        assert hreflangs(tree) == {}
        switch = [a.get("href") for a in tree.cssselect("nav.language-switch a") if a.get("aria-current") is None]
        assert switch == [other]

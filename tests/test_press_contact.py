"""Every press release says whom journalists may call: its agency's current spokesperson (Decree 09/2017/NĐ-CP),
in Vietnamese and in English; the agency page shows them too."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from articles.press.models import Spokesperson
from tests.factories import make_agency, make_article, make_official, make_spokesperson

pytestmark = pytest.mark.django_db


def press_box(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    (box,) = lxml_html.fromstring(response.content.decode()).cssselect("section.press-contact")
    return box


def test_a_release_shows_its_agency_s_current_spokesperson_in_vietnamese(client):
    agency = make_agency("Sở Thông tin và Truyền thông", phone="024 3736 6666")
    make_spokesperson(
        agency,
        make_official("Trần Người Cũ"),
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2019, 12, 31),
        phone="024 3974 4444",
    )
    make_spokesperson(agency, make_official("Nguyễn Phát Ngôn"), phone="0912 345 678", email="phatngon@hanoi.gov.vn")
    make_spokesperson(
        agency,
        make_official("Lê Cung Cấp"),
        role=Spokesperson.Role.INFORMATION_OFFICER,
        phone="024 3825 3536",
    )
    article = make_article("Thông cáo báo chí", agency=agency)
    box = press_box(client, article.get_absolute_url())
    text = " ".join(box.text_content().split())
    assert box.cssselect("h2")[0].text_content() == "Liên hệ báo chí"
    assert "Nguyễn Phát Ngôn, Người phát ngôn – Sở Thông tin và Truyền thông" in text
    assert "Lê Cung Cấp, Người được giao cung cấp thông tin" in text
    assert "Trần Người Cũ" not in text and "024 3974 4444" not in text
    assert box.cssselect('a[href="tel:+84912345678"]')[0].text_content() == "0912 345 678"
    assert box.cssselect('a[href="mailto:phatngon@hanoi.gov.vn"]')
    assert box.cssselect(f'a[href="{agency.get_absolute_url()}#lien-he-bao-chi"]')


def test_the_box_speaks_english_on_the_english_release(client):
    agency = make_agency("Sở Y tế", name_en="Department of Health")
    make_spokesperson(agency, make_official("Nguyễn Phát Ngôn"), phone="0912 345 678")
    article = make_article("Thông cáo về y tế", agency=agency)
    box = press_box(client, "/en" + article.get_absolute_url())
    text = " ".join(box.text_content().split())
    assert box.cssselect("h2")[0].text_content() == "Press contact"
    assert "Nguyễn Phát Ngôn, Spokesperson – Department of Health" in text
    assert "Phone: 0912 345 678" in text
    assert box.cssselect('a[href="/en/co-quan/so-y-te/#lien-he-bao-chi"]')


def test_without_a_spokesperson_the_box_says_so_and_gives_the_agency_s_phone(client):
    agency = make_agency("Sở Tư pháp", phone="024 3825 3536")
    article = make_article(agency=agency)
    text = " ".join(press_box(client, article.get_absolute_url()).text_content().split())
    assert "Cơ quan chưa công bố người phát ngôn. Điện thoại cơ quan: 024 3825 3536" in text
    english = " ".join(press_box(client, "/en" + article.get_absolute_url()).text_content().split())
    assert "The agency has not named a spokesperson yet. Agency phone: 024 3825 3536" in english


def test_a_spokesperson_whose_period_has_not_started_is_not_shown_yet(client):
    agency = make_agency()
    make_spokesperson(
        agency, make_official("Người Sắp Nhận"), start_date=datetime.date.today() + datetime.timedelta(days=3)
    )
    article = make_article(agency=agency)
    assert "Người Sắp Nhận" not in press_box(client, article.get_absolute_url()).text_content()


def test_the_agency_page_shows_its_spokespersons_in_both_languages(client):
    agency = make_agency("Sở Y tế", name_en="Department of Health")
    make_spokesperson(agency, make_official("Nguyễn Phát Ngôn"), phone="0912 345 678")
    assert "Nguyễn Phát Ngôn, Người phát ngôn" in " ".join(
        press_box(client, agency.get_absolute_url()).text_content().split()
    )
    english = press_box(client, "/en" + agency.get_absolute_url())
    assert "Nguyễn Phát Ngôn, Spokesperson" in " ".join(english.text_content().split())
    assert english.get("id") == "lien-he-bao-chi"


def test_a_new_spokesperson_reaches_cached_releases_at_once(client):
    agency = make_agency()
    article = make_article(agency=agency)
    cache.clear()
    assert "Người Mới Nhận" not in client.get(article.get_absolute_url()).content.decode()
    make_spokesperson(agency, make_official("Người Mới Nhận"))
    assert "Người Mới Nhận" in client.get(article.get_absolute_url()).content.decode()

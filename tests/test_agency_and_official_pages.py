"""What a citizen learns about an agency and an official (Decree 42/2022): functions, contacts, a map link, leaders
by position, units, the organisation chart, titles over time and contacts only where made public."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles.newsroom.models import Agency
from tests.factories import make_agency, make_appointment, make_article, make_official, picture_file

pytestmark = pytest.mark.django_db


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def text_of(tree, selector: str) -> str:
    return " ".join(" ".join(node.text_content().split()) for node in tree.cssselect(selector))


def test_agency_page_shows_functions_contacts_hours_and_a_plain_map_link(client):
    agency = make_agency(
        "Sở Xây dựng",
        functions="<p>Tham mưu về <strong>quy hoạch</strong>.</p><script>alert(1)</script>",
        address="Số 52 Lê Đại Hành, Hà Nội",
        phone="024 3976 0123",
        email="soxaydung@hanoi.gov.vn",
        website="https://soxaydung.hanoi.gov.vn",
        working_hours="Sáng 8:00–12:00, chiều 13:00–17:00",
    )
    response = client.get(agency.get_absolute_url())
    body = response.content.decode()
    tree = lxml_html.fromstring(body)
    assert "<strong>quy hoạch</strong>" in body and "<script>alert" not in body  # sanitised like articles
    contact = text_of(tree, "dl.contact")
    assert "Số 52 Lê Đại Hành" in contact and "Sáng 8:00–12:00" in contact
    assert tree.cssselect('a[href="tel:+842439760123"]')[0].text_content() == "024 3976 0123"
    assert tree.cssselect('a[href="mailto:soxaydung@hanoi.gov.vn"]')
    (map_link,) = tree.cssselect('a[href^="https://www.openstreetmap.org/search?query="]')
    assert "52+L%C3%AA+%C4%90%E1%BA%A1i+H%C3%A0nh" in map_link.get("href")
    # An address link, not a map widget: no third-party script or frame on the page.
    assert not [s for s in tree.cssselect("script[src]") if not s.get("src").startswith("/static/")]
    assert not tree.cssselect("iframe")


def test_agency_page_lists_current_leaders_by_position_with_portraits_and_units(client):
    agency = make_agency("UBND thành phố")
    deputy = make_official("Trần Phó", portrait=picture_file(), portrait_alt="Ông Trần Phó đeo kính")
    chair = make_official("Nguyễn Chủ Tịch")
    former = make_official("Lê Cũ")
    make_appointment(deputy, agency=agency, title="Phó Chủ tịch").__class__.objects.filter(official=deputy).update(
        order=2
    )
    make_appointment(chair, agency=agency, title="Chủ tịch").__class__.objects.filter(official=chair).update(order=1)
    make_appointment(
        former, agency=agency, title="Chủ tịch", start=datetime.date(2000, 1, 1), end=datetime.date(2010, 1, 1)
    )
    make_agency("Sở Tài chính", parent=agency)
    make_agency("Sở đã giải thể", parent=agency, status=Agency.Status.DISSOLVED)
    make_agency("Sở cũ", status=Agency.Status.MERGED, superseded_by=agency)
    tree = page(client, agency.get_absolute_url())
    leaders = [" ".join(" ".join(li.itertext()).split()) for li in tree.cssselect(".leaders li")]
    assert leaders == ["Nguyễn Chủ Tịch Chủ tịch", "Trần Phó Phó Chủ tịch"]
    (portrait,) = tree.cssselect(".leaders img")
    assert portrait.get("alt") == "Ông Trần Phó đeo kính"
    assert text_of(tree, '[aria-labelledby="children-heading"] li') == "Sở Tài chính"
    assert "Sở cũ" in text_of(tree, '[aria-labelledby="predecessors-heading"] li')


def test_the_organisation_chart_nests_three_levels_and_keeps_former_bodies_apart(client):
    city = make_agency("UBND thành phố", kind=Agency.Kind.PEOPLES_COMMITTEE)
    department = make_agency("Sở Nội vụ", parent=city)
    make_agency("Ban Thi đua – Khen thưởng", parent=department)
    new = make_agency("Sở Nông nghiệp và Môi trường", parent=city)
    make_agency("Sở Tài nguyên và Môi trường", parent=city, status=Agency.Status.MERGED, superseded_by=new)
    make_agency("Sở Giao thông", status=Agency.Status.RENAMED, superseded_by=make_agency("Sở Xây dựng", parent=city))
    make_agency("Ban Quản lý cũ", status=Agency.Status.DISSOLVED, ended_on=datetime.date(2025, 3, 1))
    tree = page(client, reverse("public:agency_chart"))
    (chart,) = tree.cssselect("nav.org-chart")
    level_three = chart.xpath("./ul/li/ul/li/ul/li/a")
    assert [a.text_content() for a in level_three] == ["Ban Thi đua – Khen thưởng"]
    assert level_three[0].xpath("ancestor::li[2]/a")[0].text_content() == "Sở Nội vụ"
    assert level_three[0].xpath("ancestor::li[3]/a")[0].text_content() == "UBND thành phố"
    assert "Sở Tài nguyên và Môi trường" not in chart.text_content()
    former = text_of(tree, '[aria-labelledby="former-heading"] li')
    assert "Sở Tài nguyên và Môi trường: đã sáp nhập; nay là Sở Nông nghiệp và Môi trường" in former
    assert "Sở Giao thông: đã đổi tên; nay là Sở Xây dựng" in former
    assert "Ban Quản lý cũ: đã giải thể từ ngày 01/03/2025" in former


def test_a_chart_loop_saved_before_the_rule_still_shows_every_agency_once(client):
    one = make_agency("Cơ quan Một")
    two = make_agency("Cơ quan Hai", parent=one)
    Agency.objects.filter(pk=one.pk).update(parent=two)  # as an old import could have left it
    tree = page(client, reverse("public:agency_chart"))
    names = [a.text_content() for a in tree.cssselect("nav.org-chart a")]
    assert sorted(names) == ["Cơ quan Hai", "Cơ quan Một"]


def test_official_page_separates_current_and_past_titles_and_lists_the_articles(client):
    official = make_official("Ngô Thị Thanh Hằng", portrait=picture_file(), portrait_alt="Bà Hằng phát biểu")
    party, council = make_agency("Thành ủy Hà Nội"), make_agency("HĐND thành phố")
    make_appointment(
        official, agency=party, title="Phó Bí thư", start=datetime.date(2015, 10, 1), end=datetime.date(2020, 10, 15)
    )
    make_appointment(official, agency=council, title="Chủ tịch HĐND", start=datetime.date(2021, 1, 1))
    article = make_article("Bài nhắc đến bà Hằng", officials=[official])
    make_article("Bài không nhắc đến")
    tree = page(client, official.get_absolute_url())
    current = text_of(tree, '[aria-labelledby="current-heading"] li')
    past = text_of(tree, '[aria-labelledby="past-heading"] li')
    assert "Chủ tịch HĐND – HĐND thành phố (từ ngày 01/01/2021)" in current and "Phó Bí thư" not in current
    assert "Phó Bí thư – Thành ủy Hà Nội (01/10/2015 – 15/10/2020)" in past
    assert tree.cssselect(f'[aria-labelledby="past-heading"] a[href="{party.get_absolute_url()}"]')
    assert [a.text_content() for a in tree.cssselect(".article-list .card-title a")] == [article.title]
    assert tree.cssselect("img.portrait")[0].get("alt") == "Bà Hằng phát biểu"


def test_an_official_s_contacts_show_only_when_marked_public(client):
    official = make_official("Phạm Văn Liên Hệ", phone="0912 345 678", email="lienhe@hanoi.gov.vn")
    body = client.get(official.get_absolute_url()).content.decode()
    assert "0912 345 678" not in body and "lienhe@hanoi.gov.vn" not in body
    official.contacts_public = True
    official.save()
    tree = page(client, official.get_absolute_url())
    assert tree.cssselect('a[href="tel:+84912345678"]') and tree.cssselect('a[href="mailto:lienhe@hanoi.gov.vn"]')


def test_a_portrait_without_alt_text_is_refused_and_a_missing_one_is_described_by_name(client):
    from django.core.exceptions import ValidationError

    official = make_official("Đỗ Ảnh", portrait=picture_file())
    with pytest.raises(ValidationError) as refused:
        official.full_clean()
    assert "mô tả ảnh chân dung" in refused.value.message_dict["portrait_alt"][0]
    tree = page(client, official.get_absolute_url())  # saved before the rule: still described
    assert tree.cssselect("img.portrait")[0].get("alt") == "Ảnh chân dung Đỗ Ảnh"


def test_the_agency_page_counts_leaders_held_today_in_hanoi(client, time_machine):
    agency = make_agency()
    official = make_official("Người Hết Nhiệm Kỳ")
    today = timezone.localdate()
    make_appointment(official, agency=agency, title="Giám đốc", start=datetime.date(2010, 1, 1), end=today)
    assert "Người Hết Nhiệm Kỳ" in client.get(agency.get_absolute_url()).content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    from django.core.cache import cache

    cache.clear()
    assert not re.search("Người Hết Nhiệm Kỳ", client.get(agency.get_absolute_url()).content.decode())

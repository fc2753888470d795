"""The public register: /van-ban/ with its filters and number search, a document's page with JSON-LD, RSS per type
and per agency, sitemap entries, the site search; and unpublished documents nowhere public."""

import datetime
import json
import re

import feedparser
import pytest
from django.urls import reverse

from articles.documents.models import Document, DocumentField
from tests.factories import document_type, make_agency, make_document, make_programme
from tests.test_document_numbers import TYPED_FOR_06_CTR_TU, TYPED_FOR_1234_QD_UBND

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    party = make_agency("Thành ủy Hà Nội")
    city = make_agency("UBND Thành phố Hà Nội")
    programme = make_document(
        "06-CTr/TU",
        agency=party,
        issued_on=datetime.date(2021, 3, 17),
        summary="Chương trình phát triển kinh tế đô thị giai đoạn 2021-2025",
    )
    decision = make_document(
        "1234/QĐ-UBND",
        agency=city,
        issued_on=datetime.date(2023, 6, 2),
        summary="Về việc phê duyệt quy hoạch giao thông",
        field=DocumentField.objects.get(name="Giao thông vận tải"),
    )
    other_year = make_document(
        "1234/QĐ-UBND", agency=city, issued_on=datetime.date(2019, 2, 1), summary="Về việc thành lập hội đồng"
    )
    draft = make_document("07-CTr/TU", agency=party, status=Document.Status.DRAFT, summary="Bản nháp bí mật")
    scheduled = make_document(
        "08-CTr/TU",
        agency=party,
        summary="Hẹn giờ bí mật",
        published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )
    return {
        "party": party,
        "city": city,
        "programme": programme,
        "decision": decision,
        "other_year": other_year,
        "draft": draft,
        "scheduled": scheduled,
    }


def listed(client, **params) -> str:
    response = client.get(reverse("documents:list"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("typed", TYPED_FOR_06_CTR_TU)
def test_the_number_search_finds_06_ctr_tu_however_it_is_typed(client, register, typed):
    page = listed(client, q=typed)
    assert register["programme"].get_absolute_url() in page
    assert register["decision"].get_absolute_url() not in page


@pytest.mark.parametrize("typed", TYPED_FOR_1234_QD_UBND)
def test_the_number_search_lists_every_year_of_1234_qd_ubnd_newest_first(client, register, typed):
    page = listed(client, q=typed)
    newer, older = register["decision"].get_absolute_url(), register["other_year"].get_absolute_url()
    assert newer in page and older in page and page.index(newer) < page.index(older)


def test_words_of_the_summary_find_a_document_without_diacritics(client, register):
    page = listed(client, q="quy hoach giao thong")
    assert register["decision"].get_absolute_url() in page and register["programme"].get_absolute_url() not in page


def test_filters_by_type_agency_field_and_year(client, register):
    by_type = listed(client, loai=document_type("CTr").slug)
    assert (
        register["programme"].get_absolute_url() in by_type and register["decision"].get_absolute_url() not in by_type
    )
    by_agency = listed(client, co_quan=register["city"].slug)
    assert register["decision"].get_absolute_url() in by_agency
    assert register["programme"].get_absolute_url() not in by_agency
    by_field = listed(client, linh_vuc=DocumentField.objects.get(name="Giao thông vận tải").slug)
    assert (
        register["decision"].get_absolute_url() in by_field
        and register["other_year"].get_absolute_url() not in by_field
    )
    by_year = listed(client, nam="2019")
    assert (
        register["other_year"].get_absolute_url() in by_year and register["decision"].get_absolute_url() not in by_year
    )


def test_bad_filters_are_explained_in_vietnamese(client, register):
    page = listed(client, nam="hai nghìn", loai="khong-co")
    assert "Năm phải là một số" in page and "Lựa chọn không có trong danh sách" in page


def test_a_joint_issuer_finds_the_document_too(client, register):
    register["decision"].joint_agencies.add(register["party"])
    assert register["decision"].get_absolute_url() in listed(client, co_quan=register["party"].slug)


def test_a_decision_page_is_legislation_in_json_ld(client, register):
    page = client.get(register["decision"].get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "1234/QĐ-UBND" and data["legislationDate"] == "2023-06-02"
    assert data["legislationPassedBy"]["name"] == "UBND Thành phố Hà Nội"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    programme_page = client.get(register["programme"].get_absolute_url()).content.decode()
    assert '"@type": "DigitalDocument"' in programme_page


def test_feeds_per_type_and_per_agency(client, register):
    by_type = feedparser.parse(client.get(reverse("documents:type_feed", args=[document_type("QĐ").slug])).content)
    assert {entry.title for entry in by_type.entries} == {"Quyết định số 1234/QĐ-UBND"}
    by_agency = feedparser.parse(client.get(reverse("documents:agency_feed", args=[register["party"].slug])).content)
    assert [entry.title for entry in by_agency.entries] == ["Chương trình số 06-CTr/TU"]


def test_sitemap_lists_public_documents(client, register):
    index = client.get(reverse("sitemap_index")).content.decode()
    assert "sitemap-van-ban.xml" in index
    section = client.get(reverse("sitemap_section", kwargs={"section": "van-ban"})).content.decode()
    assert register["decision"].get_absolute_url() in section


def test_the_site_search_shows_documents_by_number_and_by_words(client, register):
    by_number = client.get(reverse("search:results"), {"q": "06 ctr tu"}).content.decode()
    assert register["programme"].get_absolute_url() in by_number
    by_words = client.get(reverse("search:results"), {"q": "phê duyệt quy hoạch"}).content.decode()
    assert register["decision"].get_absolute_url() in by_words


def test_unpublished_documents_are_in_no_public_place(client, register):
    hidden = [register["draft"], register["scheduled"]]
    programme = make_programme("07-CTr/TU")
    Document.objects.filter(pk=register["draft"].pk).update(programme=programme)
    pages = [
        listed(client),
        listed(client, q="07 ctr tu"),
        listed(client, q="bi mat"),
        client.get(reverse("search:results"), {"q": "bí mật"}).content.decode(),
        client.get(reverse("search:results"), {"q": "ctr 07"}).content.decode(),
        client.get(reverse("documents:feed")).content.decode(),
        client.get(reverse("documents:agency_feed", args=[register["party"].slug])).content.decode(),
        client.get(reverse("documents:type_feed", args=[document_type("CTr").slug])).content.decode(),
        client.get(reverse("sitemap_section", kwargs={"section": "van-ban"})).content.decode(),
        client.get(programme.get_absolute_url()).content.decode(),
    ]
    for document in hidden:
        assert client.get(document.get_absolute_url()).status_code == 404
        for page in pages:
            assert document.get_absolute_url() not in page and document.summary not in page

"""The API's sections, article types and documents register: what each says, the register page's filters and
number search, cursor pages, articles by section and type; unpublished documents (draft, submitted, withdrawn,
archived, scheduled) in no list, filter, count or relation; bad parameters a JSON 400."""

import datetime
import unicodedata

import pytest
from django.urls import reverse

from articles.documents.models import Document
from tests.api_world import (
    HIDDEN_DOCUMENT,
    HIDDEN_DOCUMENT_STATES,
    HIDDEN_TITLE,
    build_api_world,
    build_register_world,
)
from tests.factories import make_document

pytestmark = pytest.mark.django_db

DOCUMENTS = "/api/v1/documents/"
ARTICLES = "/api/v1/articles/"


@pytest.fixture
def world():
    api_world = build_api_world(public_count=4)
    return api_world, build_register_world(api_world)


def ids(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def walk(client, url: str) -> list[int]:
    seen: list[int] = []
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        assert (page["next"] is None) == (page["next_cursor"] is None)
        url = page["next"]
    return seen


# --- sections and article types -------------------------------------------------------------------------------


def test_sections_and_article_types_have_ids_names_and_public_urls(client, world):
    _, register = world
    sections = client.get("/api/v1/sections/").json()["items"]
    assert [(s["id"], s["slug"], s["name"], s["order"]) for s in sections] == [
        (register.economy.pk, "kinh-te", "Kinh tế", 1),
        (register.culture.pk, "van-hoa-xa-hoi", "Văn hóa – Xã hội", 2),
    ]
    assert sections[0]["url"] == f"http://testserver{register.economy.get_absolute_url()}"
    assert sections[0]["description"] == "Đầu tư và doanh nghiệp."
    detail = client.get(f"/api/v1/sections/{register.culture.pk}/").json()
    assert detail["name"] == "Văn hóa – Xã hội" and detail["url"] == "http://testserver/chuyen-muc/van-hoa-xa-hoi/"
    types = client.get("/api/v1/article-types/?limit=100").json()["items"]
    assert [t["id"] for t in types] == sorted(t["id"] for t in types)
    mine = client.get(f"/api/v1/article-types/{register.press_release.pk}/").json()
    assert (mine["slug"], mine["name"]) == ("thong-cao-bao-chi-mau", "Thông cáo báo chí mẫu")
    assert mine["url"] == f"http://testserver{register.press_release.get_absolute_url()}"
    assert len(walk(client, "/api/v1/article-types/?limit=2")) == len(types)
    assert client.get("/api/v1/sections/999999/").status_code == 404


def test_articles_filter_by_section_and_type_as_the_sites_pages_do(client, world):
    api_world, register = world
    public = api_world.public
    # The section's and the type's pages of the site list the same articles.
    on_page = client.get(register.culture.get_absolute_url()).content.decode()
    culture = ids(client, f"{ARTICLES}?section={register.culture.pk}")
    assert culture == [public[1].pk, public[3].pk]
    assert all(public[i].title in on_page for i in (1, 3)) and public[0].title not in on_page
    assert ids(client, f"{ARTICLES}?section={register.economy.pk}&limit=100") == [a.pk for a in public]
    assert ids(client, f"{ARTICLES}?type={register.press_release.pk}") == [public[0].pk]
    assert ids(client, f"{ARTICLES}?type={register.press_release.pk}&section={register.culture.pk}") == []
    assert ids(client, f"{ARTICLES}?section={register.culture.pk}&q=du+an&ordering=relevance") == culture
    assert ids(client, f"{ARTICLES}?section=999999") == []
    assert walk(client, f"{ARTICLES}?section={register.culture.pk}&limit=1") == culture


def test_an_article_shows_its_sections_and_type(client, world):
    api_world, register = world
    listed = client.get(f"{ARTICLES}?limit=100").json()["items"]
    second = next(item for item in listed if item["id"] == api_world.public[1].pk)
    assert [s["id"] for s in second["sections"]] == [register.economy.pk, register.culture.pk]
    assert second["sections"][1]["url"] == "http://testserver/chuyen-muc/van-hoa-xa-hoi/"
    detail = client.get(f"{ARTICLES}{api_world.public[0].pk}/").json()
    assert [s["name"] for s in detail["sections"]] == ["Kinh tế"]
    assert detail["type"] == {
        "id": register.press_release.pk,
        "slug": "thong-cao-bao-chi-mau",
        "name": "Thông cáo báo chí mẫu",
        "url": "http://testserver/loai-tin/thong-cao-bao-chi-mau/",
    }


# --- documents ------------------------------------------------------------------------------------------------


def test_a_document_has_its_type_number_issuers_signer_dates_field_validity_files_relations_and_url(client, world):
    api_world, register = world
    decision = client.get(f"{DOCUMENTS}{register.decision.pk}/").json()
    assert decision["id"] == register.decision.pk
    assert decision["title"] == "Quyết định số 1234/QĐ-UBND" and decision["number"] == "1234/QĐ-UBND"
    assert (decision["document_type"]["slug"], decision["document_type"]["symbol"]) == ("quyet-dinh", "QĐ")
    assert decision["summary"] == "Về việc phê duyệt quy hoạch giao thông"
    assert decision["agency"]["id"] == api_world.agency.pk
    assert [a["id"] for a in decision["joint_agencies"]] == [api_world.child.pk]
    assert decision["signer"]["id"] == api_world.official.pk and decision["signer"]["title"] == "CHỦ TỊCH"
    assert (decision["issued_on"], decision["effective_on"], decision["expires_on"]) == (
        "2023-06-02",
        "2023-06-15",
        None,
    )
    assert decision["year"] == 2023 and decision["field"]["slug"] == "giao-thong-van-tai"
    assert (decision["validity"], decision["validity_label"]) == ("con-hieu-luc", "Còn hiệu lực")
    assert decision["url"] == f"http://testserver{register.decision.get_absolute_url()}"
    assert decision["published_at"].endswith("+07:00")
    [attached] = decision["files"]
    assert (attached["kind"], attached["label"], attached["pages"]) == ("pdf", "quyet-dinh.pdf", 2)
    assert attached["size"] == register.decision.files.get().size > 0
    download = client.get(attached["url"].removeprefix("http://testserver"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    relations = {(r["kind"], r["direction"], r["document"]["id"]): r for r in decision["relations"]}
    assert set(relations) == {
        ("replaces", "outgoing", register.old.pk),
        ("implements", "incoming", register.plan.pk),
    }
    assert relations[("implements", "incoming", register.plan.pk)]["label"] == "Được thực hiện bởi"
    assert relations[("replaces", "outgoing", register.old.pk)]["note"] == "Toàn bộ"
    assert decision["validity_reason"] == "" and isinstance(decision["articles"], list)
    # The replaced document, from its side, in the list as in its detail.
    old = client.get(f"{DOCUMENTS}{register.old.pk}/").json()
    assert old["validity"] == "het-hieu-luc" and "Quyết định số 1234/QĐ-UBND" in old["validity_reason"]
    [replaced_by] = old["relations"]
    assert (replaced_by["kind"], replaced_by["direction"], replaced_by["label"]) == (
        "replaces",
        "incoming",
        "Được thay thế bởi",
    )
    listed = {item["id"]: item for item in client.get(DOCUMENTS).json()["items"]}
    assert listed[register.old.pk]["relations"] == old["relations"]
    assert listed[register.decision.pk]["files"] == decision["files"]
    assert {key: value for key, value in decision.items() if key in listed[register.decision.pk]} == (
        listed[register.decision.pk]
    )


def test_document_text_is_nfc(client, world):
    _, register = world
    decomposed = unicodedata.normalize("NFD", "Về việc phê duyệt")
    Document.objects.filter(pk=register.plan.pk).update(summary=decomposed)
    assert client.get(f"{DOCUMENTS}{register.plan.pk}/").json()["summary"] == unicodedata.normalize("NFC", decomposed)


def test_documents_come_newest_issue_first_in_cursor_pages_that_cover_each_once(client, world):
    _, register = world
    for i in range(4):  # the same day: ties broken by id
        make_document(f"{300 + i}/QĐ-UBND", issued_on=datetime.date(2023, 6, 2))
    everything = walk(client, f"{DOCUMENTS}?limit=100")
    assert walk(client, f"{DOCUMENTS}?limit=2") == everything == walk(client, f"{DOCUMENTS}?limit=1")
    rows = Document.objects.in_bulk(everything)
    keys = [(rows[pk].issued_on, pk) for pk in everything]
    assert keys == sorted(keys, reverse=True)
    assert set(everything) == set(Document.objects.published().values_list("pk", flat=True))
    page = client.get(f"{DOCUMENTS}?limit=1&year=2023").json()
    assert "year=2023" in page["next"] and f"cursor={page['next_cursor']}" in page["next"]


def test_a_document_without_an_issue_date_is_listed_once_too(client, world):
    undated = make_document("301/QĐ-UBND")
    Document.objects.filter(pk=undated.pk).update(issued_on=None)
    everything = walk(client, f"{DOCUMENTS}?limit=1")
    assert everything[0] == undated.pk and sorted(everything) == sorted(walk(client, f"{DOCUMENTS}?limit=100"))
    assert len(everything) == len(set(everything)) == Document.objects.published().count()


def test_documents_filter_as_the_register_page_does(client, world):
    api_world, register = world
    decision, plan, old = register.decision.pk, register.plan.pk, register.old.pk
    assert ids(client, f"{DOCUMENTS}?type=ke-hoach") == [plan]
    assert ids(client, f"{DOCUMENTS}?type=khong-co") == []
    # An agency's documents: those it issued and those it co-issued, as on /van-ban/?co_quan=…
    assert ids(client, f"{DOCUMENTS}?agency={api_world.child.pk}") == [plan, decision]
    assert ids(client, f"{DOCUMENTS}?agency={api_world.agency.pk}") == [decision, old]
    assert ids(client, f"{DOCUMENTS}?agency=999999") == []
    assert ids(client, f"{DOCUMENTS}?field=giao-thong-van-tai") == [decision]
    assert ids(client, f"{DOCUMENTS}?year=2019") == [old]
    assert ids(client, f"{DOCUMENTS}?validity=het-hieu-luc") == [old]
    assert ids(client, f"{DOCUMENTS}?validity=con-hieu-luc") == [plan, decision]
    assert ids(client, f"{DOCUMENTS}?year=2023&agency={api_world.agency.pk}&type=quyet-dinh") == [decision]
    site = client.get(reverse("documents:list"), {"co_quan": api_world.child.slug}).content.decode()
    assert all(Document.objects.get(pk=pk).get_absolute_url() in site for pk in (plan, decision))


@pytest.mark.parametrize("typed", ["1234/QĐ-UBND", "1234/qd-ubnd", "QĐ 1234", "quyết định 1234", "1234 qd ubnd"])
def test_the_number_search_is_the_registers(client, world, typed):
    _, register = world
    assert ids(client, f"{DOCUMENTS}?q={typed}") == [register.decision.pk]


def test_words_of_the_summary_find_documents_with_or_without_marks(client, world):
    _, register = world
    assert ids(client, f"{DOCUMENTS}?q=quy hoạch giao thông") == [register.decision.pk]
    assert ids(client, f"{DOCUMENTS}?q=quy hoach giao thong") == [register.decision.pk]


# --- what the public must never see ---------------------------------------------------------------------------


def document_urls(api_world, register) -> list[str]:
    filters = [
        "?",
        "?limit=100",
        f"?agency={api_world.agency.pk}",
        f"?agency={api_world.child.pk}",
        "?type=quyet-dinh",
        "?year=2024",
        "?validity=con-hieu-luc",
        "?validity=het-hieu-luc",
        "?q=bi+mat",
        f"?q={HIDDEN_DOCUMENT}",
        *(f"?q={700 + i}/QĐ-UBND" for i in range(len(HIDDEN_DOCUMENT_STATES))),
        "?q=qd+ubnd+700",
    ]
    return [
        *(DOCUMENTS + query for query in filters),
        *(f"{DOCUMENTS}{document.pk}/" for document in (register.decision, register.old, register.plan)),
    ]


def test_no_document_endpoint_filter_or_relation_shows_an_unpublished_document(client, world):
    api_world, register = world
    assert set(register.hidden) == set(HIDDEN_DOCUMENT_STATES)
    hidden_ids = {document.pk for document in register.hidden.values()}
    hidden_urls = [document.get_absolute_url() for document in register.hidden.values()]
    for url in document_urls(api_world, register):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert HIDDEN_DOCUMENT not in text, url
        assert not any(path in text for path in hidden_urls), url
        data = response.json()
        items = data.get("items", [data])
        assert not {item["id"] for item in items} & hidden_ids, url
        assert not {r["document"]["id"] for item in items for r in item["relations"]} & hidden_ids, url
    assert len(client.get(f"{DOCUMENTS}?limit=100").json()["items"]) == 3  # the count: public ones only
    # A published document replacing the decision would end it; an unpublished one changes nothing.
    assert client.get(f"{DOCUMENTS}{register.decision.pk}/").json()["validity"] == "con-hieu-luc"


@pytest.mark.parametrize("state", HIDDEN_DOCUMENT_STATES)
def test_an_unpublished_document_has_no_detail(client, world, state):
    _, register = world
    response = client.get(f"{DOCUMENTS}{register.hidden[state].pk}/")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_section_and_type_filters_show_no_unpublished_article(client, world):
    api_world, register = world
    hidden_ids = {article.pk for article in api_world.hidden.values()}
    for query in (
        f"section={register.economy.pk}&limit=100",
        f"section={register.culture.pk}&ordering=oldest",
        f"type={register.press_release.pk}",
        f"type={register.press_release.pk}&q=du+an+trong+diem",
        f"section={register.culture.pk}&q=bi+mat&ordering=newest",
    ):
        response = client.get(f"{ARTICLES}?{query}")
        assert HIDDEN_TITLE not in response.content.decode(), query
        assert not {item["id"] for item in response.json()["items"]} & hidden_ids, query


def test_a_document_leaves_the_api_when_it_is_withdrawn(client, world):
    _, register = world
    assert register.plan.pk in ids(client, DOCUMENTS)
    Document.objects.filter(pk=register.plan.pk).update(status=Document.Status.WITHDRAWN)
    register.plan.refresh_from_db()
    register.plan.save()  # the page cache learns of the change as from any save
    assert register.plan.pk not in ids(client, DOCUMENTS)
    decision = client.get(f"{DOCUMENTS}{register.decision.pk}/").json()
    assert register.plan.pk not in {r["document"]["id"] for r in decision["relations"]}
    assert client.get(f"{DOCUMENTS}{register.plan.pk}/").status_code == 404


# --- HTTP -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DOCUMENTS, "/api/v1/sections/", "/api/v1/article-types/"])
def test_new_lists_carry_etag_and_last_modified_and_answer_304(client, world, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"{DOCUMENTS}?type=quy%20dinh", "type"),
        (f"{DOCUMENTS}?type=" + "a" * 101, "type"),
        (f"{DOCUMENTS}?field=%C4%91at", "field"),
        (f"{DOCUMENTS}?agency=abc", "agency"),
        (f"{DOCUMENTS}?agency=0", "agency"),
        (f"{DOCUMENTS}?year=2101", "year"),
        (f"{DOCUMENTS}?year=1944", "year"),
        (f"{DOCUMENTS}?year=hai-nghin", "year"),
        (f"{DOCUMENTS}?validity=con", "validity"),
        (f"{DOCUMENTS}?cursor=12", "cursor"),
        (f"{DOCUMENTS}?cursor=12345678_1", "cursor"),
        (f"{DOCUMENTS}?q=" + "a" * 201, "q"),
        (f"{DOCUMENTS}?limit=101", "limit"),
        (f"{DOCUMENTS}0/", "id"),
        ("/api/v1/sections/?cursor=a", "cursor"),
        ("/api/v1/sections/-1/", "id"),
        ("/api/v1/article-types/?limit=0", "limit"),
        (f"{ARTICLES}?section=abc", "section"),
        (f"{ARTICLES}?type=0", "type"),
        (f"{ARTICLES}?type=99999999999999999999", "type"),
    ],
)
def test_bad_parameters_of_the_new_operations_get_a_json_400(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400, url
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == 400 and [error["parameter"] for error in body["errors"]] == [parameter]
    assert all(error["message"] for error in body["errors"])


@pytest.mark.parametrize(
    "query",
    ["cursor=0_0", "cursor=9999999_999999999999999999", "cursor=1_1", "q=%00", "q=%F0%9F%92%A9", "q=99999999",
     "q=1%2F2024%2FQ%C4%90", "type=", "field=", "agency=9223372036854775807", "year=1945"],
)  # fmt: skip
def test_odd_but_well_formed_document_parameters_are_answered(client, world, query):
    assert client.get(f"{DOCUMENTS}?{query}").status_code == 200

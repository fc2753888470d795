"""What the API says: the site's filters and Vietnamese search, cursor pages that cover everything once, stable ids
and public URLs, times in Hanoi (+07:00), text in NFC, the directory with its hierarchy and appointments."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Article
from articles.search.query import parse_query
from articles.search.ranking import search_articles
from tests.api_world import build_api_world
from tests.factories import make_agency, make_article

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def ids(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def walk(client, url: str) -> list[int]:
    """Every id of a list, following `next` page after page."""
    seen: list[int] = []
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        assert (page["next"] is None) == (page["next_cursor"] is None)
        url = page["next"]
    return seen


def test_filters_match_the_sites(client):
    world = build_api_world(public_count=4)
    by_child = [a.pk for a in world.public if a.agency_id == world.child.pk]
    assert ids(client, f"{LIST}?agency={world.child.pk}") == by_child
    assert set(ids(client, f"{LIST}?official={world.official.pk}")) == {a.pk for a in world.public}
    assert ids(client, f"{LIST}?programme={world.programme.pk}&limit=1") == [world.public[0].pk]
    assert ids(client, f"{LIST}?agency=999999") == []
    day = timezone.localtime(world.public[1].published_at).date()
    assert ids(client, f"{LIST}?date_from={day}&date_to={day}") == [world.public[1].pk]
    assert ids(client, f"{LIST}?date_from={day}&date_to={day - datetime.timedelta(days=1)}") == []


def test_search_with_or_without_marks_ranks_as_the_search_page_does(client):
    build_api_world(public_count=5)
    make_article("Du an tho khong dau", lead="Dự án trọng điểm của quận.")
    expected = [a.pk for a in search_articles(query=parse_query("dự án trọng điểm"))]
    assert ids(client, f"{LIST}?q=dự+án+trọng+điểm&limit=100") == expected
    assert set(ids(client, f"{LIST}?q=du+an+trong+diem&limit=100")) == set(expected)
    nfd = unicodedata.normalize("NFD", "dự án trọng điểm").replace(" ", "+")
    assert ids(client, f"{LIST}?q={nfd}&limit=100") == expected


@pytest.mark.parametrize(
    "query", ["", "ordering=oldest", "q=du+an", "q=du+an&ordering=newest", "q=du+an&ordering=oldest", "q=!!!"]
)
def test_cursor_pages_cover_every_article_once_in_order(client, query):
    world = build_api_world(public_count=7)
    same_minute = world.public[3].published_at
    Article.objects.filter(pk=world.public[4].pk).update(published_at=same_minute)  # ties broken by id
    everything = walk(client, f"{LIST}?{query}&limit=100")
    assert walk(client, f"{LIST}?{query}&limit=2") == everything
    assert sorted(everything) == sorted(a.pk for a in world.public)
    ranked = "q=du" in query and "ordering" not in query  # by relevance: the search page's order
    if not ranked:
        rows = Article.objects.in_bulk(everything)
        keys = [(rows[pk].published_at, pk) for pk in everything]
        assert keys == sorted(keys, reverse="oldest" not in query)


def test_the_next_page_keeps_the_filters(client):
    world = build_api_world(public_count=3)
    page = client.get(f"{LIST}?official={world.official.pk}&limit=1").json()
    assert page["next"].startswith("http://testserver/api/v1/articles/?")
    assert f"official={world.official.pk}" in page["next"] and f"cursor={page['next_cursor']}" in page["next"]


def test_an_article_has_stable_ids_public_urls_hanoi_times_and_nfc_text(client):
    world = build_api_world(public_count=1)
    article = world.public[0]
    decomposed = unicodedata.normalize("NFD", "Hội nghị Thành ủy")
    published = datetime.datetime(2018, 6, 18, 12, 52, tzinfo=datetime.UTC)
    Article.objects.filter(pk=article.pk).update(title=decomposed, published_at=published)
    detail = client.get(f"{LIST}{article.pk}/").json()
    assert detail["id"] == article.pk
    assert detail["title"] == unicodedata.normalize("NFC", decomposed) != decomposed
    assert detail["published_at"] == "2018-06-18T19:52:00+07:00"
    assert detail["url"] == f"http://testserver{article.get_absolute_url()}"
    assert detail["permalink"] == f"http://testserver/a/{article.pk}/"
    assert detail["cover"]["url"].startswith("http://testserver/media/") and detail["cover"]["alt"] == "Công trường"
    assert detail["agency"]["id"] == article.agency_id
    assert [(o["id"], o["titles_then"]) for o in detail["officials"]] == [(world.official.pk, ["Giám đốc Sở"])]
    assert detail["programmes"][0]["code"] == "06-CTr/TU"
    assert "tháo gỡ vướng mắc" in detail["body_html"]


def test_agencies_show_their_hierarchy_contacts_and_successors(client):
    world = build_api_world(public_count=1)
    merged = make_agency("Sở Quy hoạch cũ", status="merged", superseded_by=world.child, parent=world.agency)
    agencies = client.get("/api/v1/agencies/").json()["items"]
    assert [a["id"] for a in agencies] == sorted(a["id"] for a in agencies)
    city = next(a for a in agencies if a["id"] == world.agency.pk)
    assert {child["id"] for child in city["children"]} == {world.child.pk, merged.pk}
    assert city["contacts"]["phone"] == "024 3825 3536" and city["kind"] == "department"
    assert [(s["official"]["id"], s["role"], s["phone"]) for s in city["spokespersons"]] == [
        (world.official.pk, "spokesperson", "024 3825 3536")
    ]  # the current press contact only
    assert city["spokespersons"][0]["role_label"] == "Người phát ngôn"
    child = client.get(f"/api/v1/agencies/{world.child.pk}/").json()
    assert child["parent"]["id"] == world.agency.pk and child["aliases"] == ["Sở KH&ĐT"]
    old = client.get(f"/api/v1/agencies/{merged.pk}/").json()
    assert old["status"] == "merged" and old["superseded_by"]["id"] == world.child.pk
    assert {a["id"] for a in client.get(f"/api/v1/agencies/?parent={world.agency.pk}").json()["items"]} == {
        world.child.pk,
        merged.pk,
    }


def test_officials_come_with_every_appointment(client):
    world = build_api_world(public_count=1)
    official = client.get(f"/api/v1/officials/{world.official.pk}/").json()
    assert [(a["title"], a["start_date"], a["end_date"]) for a in official["appointments"]] == [
        ("Chủ tịch UBND Thành phố", "2023-07-01", None),
        ("Giám đốc Sở", "2015-01-01", "2020-01-01"),
    ]
    assert ids(client, f"/api/v1/officials/?agency={world.child.pk}") == [world.official.pk]
    assert ids(client, f"/api/v1/officials/?agency={world.public[0].agency_id + 1000}") == []


def test_directory_lists_page_by_id(client):
    for i in range(5):
        make_agency(f"Cơ quan {i}")
    assert len(walk(client, "/api/v1/agencies/?limit=2")) == 5


def test_the_schema_is_openapi_3_1_and_the_docs_page_describes_every_operation(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.1")
    operations = [(method, path) for path, item in schema["paths"].items() for method in item]
    assert len(operations) == 15 and all(method == "get" for method, _ in operations)
    docs = client.get(reverse("api:docs"))
    text = docs.content.decode()
    assert docs.status_code == 200 and "script-src 'self'" in docs["Content-Security-Policy"]
    assert "<script" not in text and "cdn" not in text.lower()
    for _, path in operations:
        assert f"GET {path}" in text
    assert "ngừng hỗ trợ" in text and "<code>next_cursor</code>" in text and "newest | oldest | relevance" in text

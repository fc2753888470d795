"""Drafts, submissions, scheduled, withdrawn and archived articles are absent from every API endpoint, filter and
count, and from the JSON Feeds."""

import datetime

import pytest
from django.urls import reverse

from articles.newsroom.models import Article
from tests.api_world import HIDDEN_TITLE, build_api_world

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "submitted", "withdrawn", "archived", "scheduled"]


def api_urls(world) -> list[str]:
    articles = reverse("api:v1:article_list")
    day = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    filters = [
        "?",
        f"?agency={world.child.pk}",
        f"?agency={world.agency.pk}",
        f"?official={world.official.pk}",
        f"?programme={world.programme.pk}",
        f"?date_from={day}",
        f"?date_to={(datetime.date.today() + datetime.timedelta(days=3)).isoformat()}",
        "?ordering=oldest",
        "?limit=100",
        "?q=bi+mat+chua+cong+bo",
        "?q=Bí+mật+chưa+công+bố",
        "?q=du+an+trong+diem&ordering=newest",
        "?q=du+an+trong+diem&ordering=oldest",
        "?q=du+an+trong+diem&ordering=relevance",
        f"?q=du+an&official={world.official.pk}&programme={world.programme.pk}&agency={world.child.pk}",
    ]
    return [
        *(articles + query for query in filters),
        *(reverse("api:v1:article_detail", kwargs={"id": article.pk}) for article in world.public),
        reverse("api:v1:agency_list"),
        reverse("api:v1:agency_detail", kwargs={"id": world.child.pk}),
        reverse("api:v1:official_list"),
        reverse("api:v1:official_detail", kwargs={"id": world.official.pk}),
        reverse("api:v1:programme_list"),
        reverse("api:v1:programme_detail", kwargs={"id": world.programme.pk}),
        reverse("public:feed_json"),
        reverse("public:agency_feed_json", kwargs={"slug": world.child.slug}),
        reverse("public:official_feed_json", kwargs={"slug": world.official.slug}),
        reverse("public:programme_feed_json", kwargs={"slug": world.programme.slug}),
    ]


def test_no_endpoint_filter_or_feed_shows_an_unpublished_article(client):
    world = build_api_world()
    assert set(world.hidden) == set(HIDDEN_STATES)
    hidden_ids = {article.pk for article in world.hidden.values()}
    for url in api_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert HIDDEN_TITLE not in text, url
        assert not any(f"/a/{pk}/" in text for pk in hidden_ids), url
        data = response.json()
        listed = {item["id"] for item in data.get("items", []) if isinstance(item.get("id"), int)}
        assert not listed & hidden_ids, url
        if url.startswith(reverse("api:v1:article_list") + "?") and "q=b" not in url.lower():
            assert listed, f"{url}: the public articles should be listed"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_an_unpublished_article_has_no_detail(client, state):
    world = build_api_world(public_count=1)
    response = client.get(reverse("api:v1:article_detail", kwargs={"id": world.hidden[state].pk}))
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_counts_include_only_public_articles(client):
    world = build_api_world(public_count=3)
    listed = client.get(reverse("api:v1:programme_list")).json()["items"]
    assert [item["article_count"] for item in listed] == [3]
    detail = client.get(reverse("api:v1:programme_detail", kwargs={"id": world.programme.pk})).json()
    assert detail["article_count"] == 3


def test_a_public_article_lists_only_public_related_articles(client):
    world = build_api_world(public_count=2)
    detail = client.get(reverse("api:v1:article_detail", kwargs={"id": world.public[0].pk})).json()
    assert [related["id"] for related in detail["related"]] == [world.public[1].pk]


def test_an_article_leaves_the_api_when_it_is_withdrawn(client):
    world = build_api_world(public_count=2)
    url = reverse("api:v1:article_list")
    assert len(client.get(url).json()["items"]) == 2
    Article.objects.filter(pk=world.public[0].pk).update(status=Article.Status.WITHDRAWN)
    world.public[0].refresh_from_db()
    world.public[0].save()  # the page cache learns of the change as from any save
    assert [item["id"] for item in client.get(url).json()["items"]] == [world.public[1].pk]

"""Only published articles dated no later than now reach the public; withdrawn pages keep a notice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db

Status = Article.Status

HIDDEN = {
    "draft": {"status": Status.DRAFT},
    "submitted": {"status": Status.SUBMITTED},
    "scheduled": {"status": Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=2)},
    "withdrawn": {"status": Status.WITHDRAWN, "withdrawn_reason": "Đính chính số liệu"},
    "archived": {"status": Status.ARCHIVED},
}


@pytest.fixture
def directory():
    return {"agency": make_agency(), "official": make_official(), "programme": make_programme()}


def _public_list_urls(directory) -> list[str]:
    return [
        reverse("public:home"),
        directory["agency"].get_absolute_url(),
        directory["official"].get_absolute_url(),
        directory["programme"].get_absolute_url(),
    ]


@pytest.mark.parametrize("state", HIDDEN)
def test_unpublished_states_never_reach_public_lists(client, directory, state):
    make_article(
        "Bài công khai",
        agency=directory["agency"],
        officials=[directory["official"]],
        programmes=[directory["programme"]],
    )
    article = make_article(
        "Bài không công khai",
        agency=directory["agency"],
        officials=[directory["official"]],
        programmes=[directory["programme"]],
        **HIDDEN[state],
    )
    assert article not in Article.objects.published()
    for url in _public_list_urls(directory):
        html = client.get(url).content.decode()
        assert "Bài công khai" in html, url
        assert "Bài không công khai" not in html, url
    assert "1 bài viết" in client.get(reverse("public:programme_list")).content.decode()


@pytest.mark.parametrize("state", ["draft", "submitted", "scheduled", "archived"])
def test_unpublished_article_pages_are_404(client, state):
    article = make_article(**HIDDEN[state])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_withdrawn_page_answers_with_its_notice(client):
    article = make_article("Bài đã gỡ", **HIDDEN["withdrawn"])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài viết đã được gỡ" in html and "Lý do: Đính chính số liệu" in html
    assert '<meta name="robots" content="noindex">' in html


def test_withdrawn_article_is_not_shown_as_related(client):
    withdrawn = make_article("Bài liên quan đã gỡ", **HIDDEN["withdrawn"])
    article = make_article("Bài chính", related=[withdrawn])
    assert "Bài liên quan đã gỡ" not in client.get(article.get_absolute_url()).content.decode()


def test_readable_is_published_plus_withdrawn_only():
    public = make_article("Công khai")
    withdrawn = make_article("Đã gỡ", **HIDDEN["withdrawn"])
    for state in ["draft", "submitted", "scheduled", "archived"]:
        make_article(**HIDDEN[state])
    assert set(Article.objects.readable()) == {public, withdrawn}
    assert set(Article.objects.published()) == {public}

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db


def test_published_leaves_out_drafts_and_future_articles():
    agency = make_agency()
    public = make_article("Đã đăng", agency=agency)
    make_article("Bản nháp", agency=agency, status=Article.Status.DRAFT)
    make_article("Hẹn giờ", agency=agency, published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert list(Article.objects.published()) == [public]


def test_published_includes_an_article_dated_exactly_now():
    article = make_article(published_at=timezone.now())
    assert article in Article.objects.published()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "future"],
)
def test_unpublished_article_page_is_404_and_absent_from_lists(client, fields):
    official = make_official()
    programme = make_programme()
    article = make_article("Bài chưa công bố", officials=[official], programmes=[programme], **fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in [
        reverse("public:home"),
        article.agency.get_absolute_url(),
        official.get_absolute_url(),
        programme.get_absolute_url(),
    ]:
        assert "Bài chưa công bố" not in client.get(url).content.decode(), url


def test_programme_list_counts_only_published_articles(client):
    programme = make_programme("06-CTr/TU")
    make_article(programmes=[programme])
    make_article(programmes=[programme], status=Article.Status.DRAFT)
    assert "1 bài viết" in client.get(reverse("public:programme_list")).content.decode()

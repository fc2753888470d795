"""Print view and addresses that keep working when an article's title and slug change."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.newsroom.models import Article, ArticleSlug
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_old_slug_redirects_permanently_to_the_new_url(client):
    article = make_article("Đẩy nhanh tiến độ dự án")
    old_url = article.get_absolute_url()
    article.title = "Đẩy nhanh tiến độ các dự án trọng điểm"
    article.slug = ""  # the editor clears the slug: a new one comes from the new title
    article.save()
    assert article.slug == "day-nhanh-tien-do-cac-du-an-trong-diem"
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_slug_renamed_twice_redirects_from_every_old_url(client):
    article = make_article("Tên thứ nhất")
    first = article.get_absolute_url()
    article.slug = "ten-thu-hai"
    article.save()
    second = article.get_absolute_url()
    article.slug = "ten-thu-ba"
    article.save()
    for url in (first, second):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == "/bai-viet/ten-thu-ba/"
    assert set(ArticleSlug.objects.values_list("slug", flat=True)) == {"ten-thu-nhat", "ten-thu-hai"}


def test_old_slug_of_an_unpublished_article_is_404(client):
    article = make_article("Bài sẽ gỡ")
    old = article.get_absolute_url()
    article.slug = "bai-da-go"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(old).status_code == 404


def test_permanent_url_leads_to_the_current_address(client):
    article = make_article("Tiêu đề ban đầu")
    permanent = article.get_permanent_url()
    assert permanent == f"/a/{article.pk}/"
    article.slug = "tieu-de-moi"
    article.save()
    response = client.get(permanent)
    assert response.status_code == 302
    assert response["Location"] == "/bai-viet/tieu-de-moi/"
    assert client.get("/a/999999/").status_code == 404


def test_permanent_url_of_a_draft_is_404(client):
    draft = make_article("Bản nháp", status=Article.Status.DRAFT)
    assert client.get(draft.get_permanent_url()).status_code == 404


def test_print_view_renders_the_article_with_print_stylesheet_and_button(client):
    article = make_article("Hội nghị Thành ủy", lead="Sáng nay.", body="<p>Nội dung chính của bài.</p>")
    response = client.get(article.get_print_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Hội nghị Thành ủy</h1>" in html
    assert "Nội dung chính của bài." in html
    assert 'href="/static/css/print.css"' in html
    assert '<button type="button" class="print-button" data-print hidden>In bài viết</button>' in html
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert "onclick" not in html
    assert "<script>" not in html  # no inline script: the site runs under a Content Security Policy
    assert f"http://testserver/a/{article.pk}/" in html


def test_print_script_and_stylesheet_are_static_files():
    assert "window.print()" in Path(finders.find("js/print.js")).read_text()
    assert "@media print" in Path(finders.find("css/print.css")).read_text()


def test_article_page_links_its_print_view_and_loads_print_stylesheet(client):
    article = make_article("Bài có bản in")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{reverse("public:article_print", kwargs={"slug": article.slug})}"' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_print_view_of_an_old_slug_redirects_to_the_current_print_view(client):
    article = make_article("Bài đổi tên")
    old_print = article.get_print_url()
    article.slug = "bai-ten-moi"
    article.save()
    response = client.get(old_print)
    assert response.status_code == 301
    assert response["Location"] == "/bai-viet/bai-ten-moi/ban-in/"

from unittest import mock

import pytest
from django.urls import reverse

from articles.newsroom import services
from articles.newsroom.admin.article import ArticleAdmin
from articles.newsroom.models import Article
from tests.factories import article_form_data, make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    from django.test import Client

    agency = make_agency()
    first = make_editor("lan", roles=("writer",), agencies=(agency,), first_name="Lan", last_name="Trần")
    second = make_editor("minh", roles=("writer",), agencies=(agency,))
    article = make_article("Bản gốc", agency=agency, status=Article.Status.DRAFT, lead="Sapo gốc")
    first_client, second_client = Client(), Client()
    first_client.force_login(first)
    second_client.force_login(second)
    return article, first_client, second_client


def _open(client, article):
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    return {name: form[name].value() for name in ["loaded_version"]}


def test_second_save_from_the_same_version_is_refused_and_keeps_both_texts(setup):
    article, first_client, second_client = setup
    url = reverse("admin:articles_article_change", args=[article.pk])
    opened_first, opened_second = _open(first_client, article), _open(second_client, article)
    assert opened_first == opened_second == {"loaded_version": article.version}

    response = first_client.post(url, article_form_data(article, title="Bản của Lan", **opened_first))
    assert response.status_code == 302

    response = second_client.post(
        url, article_form_data(article, title="Bản của Minh", lead="Sapo Minh viết", **opened_second)
    )
    assert response.status_code == 200
    html = response.content.decode()
    article.refresh_from_db()
    assert article.title == "Bản của Lan"
    assert "Lan Trần đã lưu bài này lúc" in html
    saved_at = article.updated_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
    assert saved_at.strftime("%d/%m/%Y %H:%M") in html
    form = response.context["adminform"].form
    assert form["title"].value() == "Bản của Minh" and form["lead"].value() == "Sapo Minh viết"
    assert "Bản của Minh</textarea>" in html  # the title's text area


def test_each_save_moves_the_version_on(setup):
    article, first_client, _ = setup
    url = reverse("admin:articles_article_change", args=[article.pk])
    for title in ["Lần một", "Lần hai"]:
        opened = _open(first_client, article)
        assert first_client.post(url, article_form_data(article, title=title, **opened)).status_code == 302
        article.refresh_from_db()
    assert article.title == "Lần hai" and article.version == 3


def test_a_workflow_step_taken_meanwhile_also_refuses_the_stale_save(client):
    agency = make_agency()
    writer = make_editor("lan", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    article = make_article("Bản gốc", agency=agency, status=Article.Status.DRAFT)
    client.force_login(approver)
    opened = _open(client, article)
    services.submit(article=article, by=writer)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title="Sửa khi bài đã được gửi", **opened),
    )
    assert response.status_code == 200 and "đã lưu bài này lúc" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Bản gốc" and article.status == Article.Status.SUBMITTED


def test_conditional_update_lets_only_one_of_two_saves_win():
    article = make_article(status=Article.Status.DRAFT)
    assert services.claim_version(article_id=article.pk, expected_version=1) == 2
    with pytest.raises(services.EditConflict):
        services.claim_version(article_id=article.pk, expected_version=1)
    article.refresh_from_db()
    assert article.version == 2


def test_race_between_check_and_save_is_still_refused_with_the_text_kept(setup):
    """Someone saves between the form's check and our UPDATE: the UPDATE refuses, the form comes back."""
    article, first_client, _ = setup
    opened = _open(first_client, article)
    original_save_form = ArticleAdmin.save_form
    calls = []

    def save_form_after_someone_else(self, request, form, change):
        if not calls:
            calls.append(1)
            Article.objects.filter(pk=article.pk).update(version=article.version + 1)
        return original_save_form(self, request, form, change)

    with mock.patch.object(ArticleAdmin, "save_form", save_form_after_someone_else):
        response = first_client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, title="Bản đến sau", **opened),
        )
    assert response.status_code == 200
    assert "đã lưu bài này lúc" in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "Bản đến sau"
    article.refresh_from_db()
    assert article.title == "Bản gốc"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_postgresql_cannot_both_win():
    """Two connections claim the same version at the same moment; the row lock lets exactly one through."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections with row locks (PostgreSQL)")
    article = make_article(status=Article.Status.DRAFT)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(title: str) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                services.claim_version(article_id=article.pk, expected_version=1)
                Article.objects.filter(pk=article.pk).update(title=title)
                threading.Event().wait(0.2)  # hold the row lock so the other UPDATE has to wait on it
            outcomes.append(("saved", title))
        except services.EditConflict:
            outcomes.append(("refused", title))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(title,)) for title in ["Bản A", "Bản B"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(title for kind, title in outcomes if kind == "saved")
    article.refresh_from_db()
    assert article.title == winner and article.version == 2

"""The benchmark's archive generator builds a realistic, deterministic archive the public pages can serve."""

import re

import pytest
from django.urls import reverse

from articles.newsroom.models import Agency, Appointment, Article, Official, Programme
from bench.generate_archive import generate_archive, reset_content

pytestmark = pytest.mark.django_db


def test_generator_builds_the_directory_and_published_articles_of_three_to_eight_kb():
    summary = generate_archive(articles=120, seed=7, batch_size=50)

    assert Article.objects.published().count() == 120 == summary.published
    assert Article.objects.count() == 120 + summary.drafts + summary.scheduled
    assert (Agency.objects.count(), Official.objects.count(), Programme.objects.count()) == (60, 200, 40)
    assert Appointment.objects.count() >= 200
    for body in Article.objects.published().values_list("body", flat=True):
        text = re.sub(r"<figure.*?</figure>", "", body)
        assert 2900 <= len(text.encode()) <= 8200
    assert Article.objects.published().exclude(cover="").exists()
    assert Article.objects.published().filter(body__contains="<figure").exists()
    assert Article.objects.filter(officials__isnull=False).exists()
    assert Article.objects.filter(programmes__isnull=False).exists()


def test_generator_is_deterministic_for_a_seed():
    generate_archive(articles=30, seed=11, batch_size=30)
    first = list(Article.objects.order_by("id").values_list("title", "slug", "published_at", "agency__slug"))
    reset_content()
    generate_archive(articles=30, seed=11, batch_size=30)
    second = list(Article.objects.order_by("id").values_list("title", "slug", "published_at", "agency__slug"))
    assert first == second


def test_generated_articles_are_served_by_the_public_pages(client):
    generate_archive(articles=25, seed=3, batch_size=25)
    with_cover = Article.objects.published().exclude(cover="").first()
    with_figure = Article.objects.published().filter(body__contains="<figure").first()
    for article in (with_cover, with_figure):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert article.title in response.content.decode()
    assert client.get(reverse("public:home")).status_code == 200
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    assert client.get(draft.get_absolute_url()).status_code == 404

"""The benchmark's archive generator builds a realistic, deterministic archive on the current schema, which the
public pages serve and the benchmark finds its pages in."""

import json
import re

import pytest
from django.urls import reverse

from articles.newsroom.models import Agency, Appointment, Article, Official, Programme
from bench import site
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
    # What save() derives, filled by the model's own prepare_to_save().
    assert not Article.objects.filter(body_text="").exists() and not Article.objects.filter(search_folded="").exists()
    assert {"body_text", "search_folded"} <= set(summary.derived)


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


def test_generated_articles_are_found_by_the_search(client):
    generate_archive(articles=40, seed=5, batch_size=40)
    article = Article.objects.published().order_by("-published_at").first()

    response = client.get(reverse("search:results"), {"q": article.title})

    assert response.status_code == 200 and article.get_absolute_url() in response.content.decode()


def test_the_benchmark_finds_every_page_it_measures_and_each_answers(client, capsys):
    generate_archive(articles=60, seed=3, batch_size=60)
    code = site.PAGE_LOOKUP % {"deep": 2000, "marks": site.SEARCH_WITH_MARKS, "plain": site.SEARCH_WITHOUT_MARKS}

    exec(code, {"json": json})
    pages = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    keys = [page["key"] for page in pages]
    assert keys[:3] == ["latest", "latest_deep", "article"]  # 60 articles: the deep list page is page 3
    assert {"front", "search_marks", "search_plain", "rss", "sitemap", "agency", "official", "programme"} <= set(keys)
    for page in pages:
        assert client.get(page["url"]).status_code == 200, page

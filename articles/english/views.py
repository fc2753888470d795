"""The English print view of an article (/en/bai-viet/<slug>/ban-in/): its English version laid out for paper."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from articles.english.models import EnglishVersion


def print_url(slug: str, language: str) -> str:
    with translation.override(language):
        return reverse("english:article_print", kwargs={"slug": slug})


def article_print(request: HttpRequest, slug: str) -> HttpResponse:
    """The public English version named by its slug, or by its article's slug (then redirected to its own address);
    an article without one is printed in Vietnamese, as its English page shows the Vietnamese text."""
    english = (
        EnglishVersion.objects.published()
        .filter(Q(slug=slug) | Q(article__slug=slug))
        .select_related("article__agency")
        .order_by("-pk")
    )
    found = next((row for row in english if row.slug == slug), None)
    if found is None:
        by_article = next((row for row in english if row.article.slug == slug), None)
        if by_article is not None:
            return HttpResponsePermanentRedirect(print_url(by_article.slug, "en"))
        with translation.override("vi"):
            return HttpResponseRedirect(reverse("public:article_print", kwargs={"slug": slug}))
    return render(request, "english/article_print.html", {"english": found, "article": found.article})

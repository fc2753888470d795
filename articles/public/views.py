"""Public pages. Every article list starts from `Article.objects.published()`."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from articles.documents import selectors as document_selectors
from articles.english.models import EnglishVersion
from articles.newsroom import live_edits, services, translated
from articles.newsroom.models import (
    Article,
    ArticleQuerySet,
    ArticleSlug,
    ArticleType,
    LiveEdit,
    Official,
    Programme,
    Section,
)
from articles.press.models import Spokesperson
from articles.public.front_page import front_page
from articles.public.pagination import DeepPaginator

PAGE_SIZE = 20
MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9",
          "Tháng 10", "Tháng 11", "Tháng 12"]  # fmt: skip


class HomeView(TemplateView):
    """The front page (articles/public/front_page.py); the full list of releases is `LatestView`."""

    template_name = "public/home.html"

    def get(self, request, *args, **kwargs):
        page = request.GET.get("page", "")
        if page and page != "1":  # the front page used to be the paginated list
            return HttpResponsePermanentRedirect(f"{reverse('public:latest')}?page={page}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(front=front_page(), **kwargs)


class LatestView(ListView):
    """Every public release, newest first."""

    template_name = "public/latest.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = DeepPaginator

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    template_name = "public/article_detail.html"
    context_object_name = "article"
    # Whether /en/ shows the English version written by an editor (the print view stays Vietnamese).
    shows_english = True
    english: EnglishVersion | None = None

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            # An old slug of a public article: send readers and search engines to the current URL.
            old = ArticleSlug.objects.filter(slug=kwargs.get("slug"), article__in=self.get_queryset()).first()
            if old is None:
                raise
            return HttpResponsePermanentRedirect(self.current_url(old.article_id))
        english_slug = getattr(self.object, "english_slug", None)
        if self.on_english_site() and self.english is None and english_slug:
            # A Vietnamese slug under /en/ leads to the article's English version.
            return HttpResponsePermanentRedirect(reverse("public:article_detail", kwargs={"slug": english_slug}))
        return response

    def on_english_site(self) -> bool:
        return self.shows_english and translated.english_site()

    def get_object(self, queryset=None) -> Article:
        if not self.on_english_site():
            return super().get_object(queryset)
        # /en/bai-viet/<slug>/: an English version's slug, or an article's (which leads to its English version, or
        # shows the Vietnamese text marked as such); one query for both.
        slug = self.kwargs["slug"]
        rows = list(self.get_queryset().filter(Q(slug=slug) | Q(english__slug=slug)).select_related("english")[:2])
        for article in rows:
            if getattr(article, "english_slug", None) == slug:
                self.english = article.english
                return article
        for article in rows:
            if article.slug == slug:
                return article
        raise Http404("Không có bài viết này.")

    def current_url(self, pk: int) -> str:
        return self.get_queryset().get(pk=pk).get_absolute_url()

    def get_queryset(self) -> QuerySet[Article]:
        # Withdrawn articles keep their page, with the withdrawal notice; nothing else uses readable().
        # The derived search columns (two text search vectors and two copies of the text, ~15 KB an
        # article) are for search only; the page would fetch and decode them for nothing.
        # The slug of its public English version comes in the same query, for the hreflang links.
        english = EnglishVersion.objects.published().filter(article=OuterRef("pk")).values("slug")[:1]
        # Whether it has correction notes, in the same query: most articles have none, and then no query for them.
        notes = LiveEdit.objects.public_notes().filter(article=OuterRef("pk"))
        return (
            Article.objects.readable()
            .select_related("agency", "agency__superseded_by", "article_type")
            .defer("body_text", "search_folded", "search_marked", "search_vector")
            .annotate(english_slug=Subquery(english), has_update_notes=Exists(notes), **_first_section())
            # Whether it names documents of the register, so that most pages need no query for them.
            .annotate(names_documents=document_selectors.names_documents())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article: Article = self.object
        english_slug = getattr(article, "english_slug", None)
        context["english"] = self.english
        # What the page shows as title, lead and body: the English version on /en/ if there is one.
        context["text"] = self.english or article
        context["english_missing"] = translated.english_site() and self.english is None
        context["no_hreflang"] = not english_slug
        with translation.override("vi"):
            vietnamese_url = article.get_absolute_url()
        context["vietnamese_url"] = self.request.build_absolute_uri(vietnamese_url)
        if english_slug:
            with translation.override("en"):
                context["language_urls"] = {
                    "vi": vietnamese_url,
                    "en": reverse("public:article_detail", kwargs={"slug": english_slug}),
                }
        context["press_contacts"] = list(Spokesperson.objects.current().filter(agency_id=article.agency_id).for_page())
        context.update(article_page_context(article))
        section = _section_of(article)
        context["sections"] = [section] if section else []
        if section:  # the main menu marks the article's section
            context["nav_current"] = section.get_absolute_url()
        context["documents"] = (
            document_selectors.documents_named_in(article) if getattr(article, "names_documents", False) else []
        )
        return context


def article_page_context(article: Article) -> dict:
    """What an article page shows besides the article: officials with their titles then, programmes, related
    articles, correction notes. An article showing an edit (a staff preview, `live_edits.with_edit`) shows the
    edit's links (`links_override`) instead of its own."""
    links: dict[str, list[int]] | None = getattr(article, "links_override", None)
    officials = programmes = related = None
    if links is not None:
        officials = Official.objects.filter(pk__in=links.get("officials", []))
        programmes = Programme.objects.filter(pk__in=links.get("programmes", []))
        related = Article.objects.filter(pk__in=links.get("related", []))
    related_articles = list((article.related.all() if related is None else related).published().for_listing())
    # Related titles from the old portal that no published article answers stay as plain text.
    linked_titles = {item.title for item in related_articles}
    notes = article.live_edits.public_notes() if getattr(article, "has_update_notes", True) else []
    return {
        "officials": article.officials_with_titles_then(officials),
        "programmes": article.programmes.all() if programmes is None else programmes,
        "related_articles": related_articles,
        "unlinked_related_titles": [title for title in article.related_titles if title not in linked_titles],
        "update_notes": [live_edits.update_line(edit) for edit in notes],
    }


def _first_section() -> dict[str, Subquery]:
    """The article's first section (by the sections' order) in the article's own query, for its page's header and
    the menu's mark: a query of its own would take the page past its budget."""
    first = Section.objects.filter(articles=OuterRef("pk")).order_by("order", "name")
    return {f"section_{name}": Subquery(first.values(name)[:1]) for name in ("slug", "name", "name_en")}


def _section_of(article: Article) -> Section | None:
    slug = getattr(article, "section_slug", None)
    if not slug:
        return None
    return Section(
        slug=slug, name=getattr(article, "section_name", ""), name_en=getattr(article, "section_name_en", "")
    )


class ArticlesOfObjectView(ListView):
    """A page about one object (agency, official, programme) with its articles, newest first."""

    model: type
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = DeepPaginator

    def get_object(self):
        return get_object_or_404(self.model, slug=self.kwargs["slug"])

    def articles_of(self, obj) -> ArticleQuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Article]:
        self.object = self.get_object()
        return self.articles_of(self.object).published().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class SectionDetailView(ArticlesOfObjectView):
    model = Section
    template_name = "public/section_detail.html"

    def articles_of(self, section: Section) -> ArticleQuerySet:
        return Article.objects.filter(sections=section)


class ArticleTypeDetailView(ArticlesOfObjectView):
    model = ArticleType
    template_name = "public/article_type_detail.html"

    def articles_of(self, article_type: ArticleType) -> ArticleQuerySet:
        return Article.objects.filter(article_type=article_type)


class ArticlePrintView(ArticleDetailView):
    """The article laid out for paper: no navigation, print stylesheet, a print button."""

    template_name = "public/article_print.html"
    shows_english = False

    def current_url(self, pk: int) -> str:
        return self.get_queryset().get(pk=pk).get_print_url()


def article_permalink(request, pk: int) -> HttpResponse:
    """/a/<id>/: the address that never changes; it leads to the article's current URL."""
    article = get_object_or_404(Article.objects.readable().only("slug"), pk=pk)
    return redirect(article.get_absolute_url())


def _month_bounds(year: int, month: int | None) -> tuple[datetime.datetime, datetime.datetime]:
    if not 1 <= year <= 9998 or (month is not None and not 1 <= month <= 12):
        raise Http404("Không có trang lưu trữ này.")
    start = datetime.date(year, month or 1, 1)
    end = datetime.date(year + 1, 1, 1) if month is None else datetime.date(year + month // 12, month % 12 + 1, 1)
    aware = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=aware),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=aware),
    )


class ArchiveIndexView(TemplateView):
    """Years newest first, and in each year its months newest first with how many articles each has."""

    template_name = "public/archive_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = (
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values_list("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )
        years: dict[int, list[tuple[int, int]]] = {}
        for month, count in months:
            years.setdefault(month.year, []).append((month.month, count))
        context["years"] = [(year, items, sum(count for _, count in items)) for year, items in years.items()]
        context["month_names"] = MONTHS
        return context


class ArchiveView(ListView):
    """Articles of one year or one month (Hanoi time), newest first."""

    template_name = "public/archive.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = DeepPaginator

    def get_queryset(self) -> QuerySet[Article]:
        start, end = _month_bounds(self.kwargs["year"], self.kwargs.get("month"))
        return Article.objects.published().filter(published_at__gte=start, published_at__lt=end).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.kwargs["year"], self.kwargs.get("month")
        context["year"], context["month"] = year, month
        context["period_label"] = (
            gettext("tháng %(month)d năm %(year)d") % {"month": month, "year": year}
            if month
            else gettext("năm %(year)d") % {"year": year}
        )
        context["year_url"] = reverse("public:archive_year", kwargs={"year": year})
        return context


def robots_txt(request) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /ckeditor/",
        "Disallow: /tim-kiem/",
        # The open data API is for programs; its documentation page is for people (and search engines).
        "Allow: /api/v1/docs/",
        "Disallow: /api/",
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
def preview(request, token: str):
    """A draft shown through a signed link, to someone without an account; never indexed."""
    try:
        article = services.article_for_preview(token)
    except services.PreviewUnavailable as error:
        response = render(request, "public/preview_unavailable.html", {"reason": str(error)}, status=410)
    else:
        response = render(request, "public/preview.html", {"article": article})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

"""Public pages. Every article list starts from `Article.objects.published()`."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from articles import rendered_pages, search, services
from articles.forms import SearchForm
from articles.models import Agency, Appointment, Article, ArticleSlug, Official, Programme
from articles.pagination import CachedCountPaginator

PAGE_SIZE = 20
MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9",
          "Tháng 10", "Tháng 11", "Tháng 12"]  # fmt: skip


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = CachedCountPaginator

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    # Public articles' pages are stored rendered (articles/rendered_pages.py); the print page is not.
    stored_page = True

    def get(self, request, *args, **kwargs):
        # A query string may change the page (its canonical address keeps ?page=): render it live.
        if not (self.stored_page and rendered_pages.enabled() and not request.META.get("QUERY_STRING")):
            return self.render_live(request, *args, **kwargs)
        fingerprint = rendered_pages.fingerprint(request)
        # StoredArticlePageMiddleware looked it up already when it let an anonymous read through.
        found = getattr(request, rendered_pages.LOOKUP_ATTRIBUTE, rendered_pages.NOT_LOOKED_UP)
        behind_middleware = found is not rendered_pages.NOT_LOOKED_UP
        if not behind_middleware:
            found = rendered_pages.lookup(slug=kwargs["slug"], fingerprint=fingerprint)
        if found is None:
            # Not public: withdrawn (its notice), an old slug (301) or nothing (404), as before.
            return self.render_live(request, *args, **kwargs)
        if found.html is not None:
            response = HttpResponse(found.html)
            if behind_middleware and found.generation is not None:
                # Stored without its headers (by render_article_pages): the middleware adds them.
                rendered_pages.leave_to_middleware(
                    response, article_id=found.article_id, generation=found.generation, fingerprint=fingerprint
                )
            return response
        generation = rendered_pages.generation_before_render(found)
        response = self.render_live(request, *args, **kwargs)
        # Stored only if it stays right until a write changes it: a related article scheduled for later
        # would appear at its minute, with no write.
        if (
            response.status_code == 200
            and self.object.pk == found.article_id
            and self.object.is_public
            and not self.scheduled_related
        ):
            response.render()
            if behind_middleware:
                rendered_pages.leave_to_middleware(
                    response, article_id=found.article_id, generation=generation, fingerprint=fingerprint
                )
            else:
                rendered_pages.store(
                    article_id=found.article_id,
                    generation=generation,
                    fingerprint=fingerprint,
                    html=response.content.decode(response.charset),
                )
        return response

    def render_live(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old slug of a public article: send readers and search engines to the current URL.
            old = ArticleSlug.objects.filter(slug=kwargs.get("slug"), article__in=self.get_queryset()).first()
            if old is None:
                raise
            return HttpResponsePermanentRedirect(self.current_url(old.article_id))

    def current_url(self, pk: int) -> str:
        return self.get_queryset().get(pk=pk).get_absolute_url()

    def get_queryset(self) -> QuerySet[Article]:
        # Withdrawn articles keep their page, with the withdrawal notice; nothing else uses readable().
        # The derived search columns (two text search vectors and two copies of the text, ~15 KB an
        # article) are for search only; the page would fetch and decode them for nothing.
        return (
            Article.objects.readable()
            .select_related("agency", "agency__superseded_by")
            .defer("body_text", "search_folded", "search_vector", "search_exact")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article: Article = self.object
        context["officials"] = article.officials_with_titles_then()
        context["programmes"] = article.programmes.all()
        # Published related articles, whether their time has come or not (one query): the scheduled ones
        # are not shown yet, and they keep the page from being stored (see get()).
        now = timezone.now()
        related_articles = []
        self.scheduled_related = False
        for related in article.related.filter(status=Article.Status.PUBLISHED).for_listing():
            if related.published_at <= now:
                related_articles.append(related)
            else:
                self.scheduled_related = True
        context["related_articles"] = related_articles
        # Related titles from the old portal that no published article answers stay as plain text.
        linked_titles = {related.title for related in related_articles}
        context["unlinked_related_titles"] = [title for title in article.related_titles if title not in linked_titles]
        return context


class ArticlesOfObjectView(ListView):
    """A page about one object (agency, official, programme) with its articles, newest first."""

    model: type
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = CachedCountPaginator

    def get_object(self):
        return get_object_or_404(self.model, slug=self.kwargs["slug"])

    def articles_of(self, obj) -> QuerySet[Article]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Article]:
        self.object = self.get_object()
        return self.articles_of(self.object).published().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class AgencyListView(ListView):
    template_name = "articles/agency_list.html"
    context_object_name = "agencies"

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.select_related("parent", "superseded_by").order_by("kind", "name")


class AgencyDetailView(ArticlesOfObjectView):
    model = Agency
    template_name = "articles/agency_detail.html"

    def get_object(self) -> Agency:
        return get_object_or_404(Agency.objects.select_related("parent", "superseded_by"), slug=self.kwargs["slug"])

    def articles_of(self, agency: Agency) -> QuerySet[Article]:
        return Article.objects.filter(agency=agency)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency: Agency = self.object
        context["children"] = agency.children.all()
        context["predecessors"] = agency.predecessors.all()
        context["current_appointments"] = (
            agency.appointments.held_on(timezone.localdate()).select_related("official").order_by("order", "title")
        )
        return context


class OfficialListView(ListView):
    template_name = "articles/official_list.html"
    context_object_name = "officials"

    def get_queryset(self) -> QuerySet[Official]:
        current = Prefetch(
            "appointments",
            queryset=Appointment.objects.held_on(timezone.localdate()),
            to_attr="current_appointments",
        )
        return Official.objects.prefetch_related(current)


class OfficialDetailView(ArticlesOfObjectView):
    model = Official
    template_name = "articles/official_detail.html"

    def articles_of(self, official: Official) -> QuerySet[Article]:
        return Article.objects.filter(officials=official)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appointments"] = self.object.appointments.select_related("agency").order_by("-start_date")
        return context


class ProgrammeListView(ListView):
    template_name = "articles/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self) -> QuerySet[Programme]:
        public = Q(articles__in=Article.objects.published())
        return Programme.objects.select_related("issuing_agency").annotate(
            article_count=Count("articles", filter=public, distinct=True)
        )


class ProgrammeDetailView(ArticlesOfObjectView):
    model = Programme
    template_name = "articles/programme_detail.html"

    def get_object(self) -> Programme:
        return get_object_or_404(Programme.objects.select_related("issuing_agency"), slug=self.kwargs["slug"])

    def articles_of(self, programme: Programme) -> QuerySet[Article]:
        return Article.objects.filter(programmes=programme)


class ArticlePrintView(ArticleDetailView):
    """The article laid out for paper: no navigation, print stylesheet, a print button."""

    template_name = "articles/article_print.html"
    stored_page = False

    def current_url(self, pk: int) -> str:
        return self.get_queryset().get(pk=pk).get_print_url()


def article_permalink(request, pk: int) -> HttpResponse:
    """/a/<id>/: the address that never changes; it leads to the article's current URL."""
    article = get_object_or_404(Article.objects.readable().only("slug"), pk=pk)
    return redirect(article.get_absolute_url())


class SearchView(TemplateView):
    template_name = "articles/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        if not form.is_bound or not form.is_valid():
            return context
        data = form.cleaned_data
        query = search.parse_query(data["q"])
        context["query"] = query
        if query.is_empty and not form.has_filters:
            context["no_words"] = bool(data["q"].strip())
            return context
        results = search.search_articles(
            query=query,
            agency=data["co_quan"],
            official=data["can_bo"],
            programme=data["chuong_trinh"],
            date_from=data["tu_ngay"],
            date_to=data["den_ngay"],
        )
        page = Paginator(results, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for article in page.object_list:
            article.title_html = search.highlight(article.title, query)
            article.snippet_html = search.snippet(article.body_text or article.lead, query)
            article.lead_html = search.highlight(article.lead, query) if article.lead else ""
        context.update(
            page_obj=page,
            articles=page.object_list,
            is_paginated=page.has_other_pages(),
            searched=True,
            results_capped=getattr(results, "capped", False),
        )
        return context


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
    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = Article.objects.published().dates("published_at", "month", order="DESC")
        years: dict[int, list[datetime.date]] = {}
        for month in months:
            years.setdefault(month.year, []).append(month)
        context["years"] = [(year, sorted(items)) for year, items in years.items()]
        context["month_names"] = MONTHS
        return context


class ArchiveView(ListView):
    """Articles of one year or one month (Hanoi time), newest first."""

    template_name = "articles/archive.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    paginator_class = CachedCountPaginator

    def get_queryset(self) -> QuerySet[Article]:
        start, end = _month_bounds(self.kwargs["year"], self.kwargs.get("month"))
        return Article.objects.published().filter(published_at__gte=start, published_at__lt=end).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.kwargs["year"], self.kwargs.get("month")
        context["year"], context["month"] = year, month
        context["period_label"] = f"{MONTHS[month - 1].lower()} năm {year}" if month else f"năm {year}"
        context["year_url"] = reverse("articles:archive_year", kwargs={"year": year})
        return context


def robots_txt(request) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /ckeditor/",
        "Disallow: /tim-kiem/",
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
        response = render(request, "articles/preview_unavailable.html", {"reason": str(error)}, status=410)
    else:
        response = render(request, "articles/preview.html", {"article": article})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

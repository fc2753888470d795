"""Public pages. Every article list starts from `Article.objects.published()`."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import services
from articles.models import Agency, Appointment, Article, Official, Programme

PAGE_SIZE = 20


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        # Withdrawn articles keep their page, with the withdrawal notice; nothing else uses readable().
        return Article.objects.readable().select_related("agency", "agency__superseded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article: Article = self.object
        titles_then = Prefetch(
            "appointments",
            queryset=Appointment.objects.held_on(article.local_date),
            to_attr="appointments_then",
        )
        context["officials"] = article.officials.prefetch_related(titles_then)
        context["programmes"] = article.programmes.all()
        context["related_articles"] = article.related.published().for_listing()
        return context


class ArticlesOfObjectView(ListView):
    """A page about one object (agency, official, programme) with its articles, newest first."""

    model: type
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

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

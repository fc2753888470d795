"""Public pages about the city's bodies, people and programmes: agencies (with the organisation chart),
officials and programmes, each with its articles (ArticlesOfObjectView)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from articles.documents import selectors as document_selectors
from articles.newsroom import protocol
from articles.newsroom.models import Agency, Appointment, Article, ArticleQuerySet, Official, Programme
from articles.press.models import Spokesperson
from articles.public import chart
from articles.public.views import ArticlesOfObjectView


class AgencyListView(ListView):
    template_name = "public/agency_list.html"
    context_object_name = "agencies"

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.select_related("parent", "superseded_by").order_by("kind", "name")


class AgencyChartView(TemplateView):
    """/co-quan/so-do/: the organisation chart as nested lists, from one query."""

    template_name = "public/agency_chart.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chart"] = chart.build(
            Agency.objects.select_related("superseded_by").only(
                "name",
                "name_en",
                "slug",
                "kind",
                "parent_id",
                "status",
                "ended_on",
                "superseded_by__name",
                "superseded_by__name_en",
                "superseded_by__slug",
            )  # fmt: skip
        )
        return context


class AgencyDetailView(ArticlesOfObjectView):
    model = Agency
    template_name = "public/agency_detail.html"

    def get_object(self) -> Agency:
        # The agency, the units under it and the bodies it replaced, in one query.
        slug = self.kwargs["slug"]
        rows = list(
            Agency.objects.select_related("parent", "superseded_by").filter(
                Q(slug=slug) | Q(parent__slug=slug) | Q(superseded_by__slug=slug)
            )
        )
        agency = next((row for row in rows if row.slug == slug), None)
        if agency is None:
            raise Http404("Không có cơ quan này.")
        self.relatives = [row for row in rows if row.pk != agency.pk]
        return agency

    def articles_of(self, agency: Agency) -> ArticleQuerySet:
        return Article.objects.filter(agency=agency)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency: Agency = self.object
        context["children"] = [unit for unit in self.relatives if unit.parent_id == agency.pk and unit.is_active]
        context["predecessors"] = [old for old in self.relatives if old.superseded_by_id == agency.pk]
        # Its leaders today, by position (the appointment's order), with their portraits.
        context["current_appointments"] = (
            agency.appointments.held_on(timezone.localdate())
            .select_related("official")
            .order_by("order", "start_date", "pk")
        )
        context["press_contacts"] = list(Spokesperson.objects.current().filter(agency=agency).for_page())
        return context


class OfficialListView(ListView):
    """Leaders in protocol order (articles/newsroom/protocol.py), with an A–Z index by given name beside them."""

    template_name = "public/official_list.html"
    context_object_name = "officials"

    def get_queryset(self) -> QuerySet[Official]:
        current = Prefetch(
            "appointments",
            queryset=Appointment.objects.held_on(timezone.localdate()),
            to_attr="current_appointments",
        )
        return Official.objects.prefetch_related(current)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officials = sorted(
            context["officials"],
            key=lambda o: protocol.protocol_key([a.title for a in o.current_appointments], o.full_name),
        )
        index: dict[str, list[Official]] = {}
        for official in sorted(officials, key=lambda o: protocol.given_name_key(o.full_name)):
            index.setdefault(protocol.index_letter(official.full_name), []).append(official)
        context["officials"] = officials
        context["name_index"] = sorted(index.items(), key=lambda item: protocol.letter_order(item[0]))
        return context


class OfficialDetailView(ArticlesOfObjectView):
    model = Official
    template_name = "public/official_detail.html"

    def articles_of(self, official: Official) -> ArticleQuerySet:
        return Article.objects.filter(officials=official)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        appointments = list(self.object.appointments.select_related("agency").order_by("order", "-start_date"))
        context["current_appointments"] = [a for a in appointments if a.start_date <= today and not a.ended_by(today)]
        context["past_appointments"] = sorted(
            (a for a in appointments if a.ended_by(today)), key=lambda a: a.end_date or today, reverse=True
        )
        return context


class ProgrammeListView(ListView):
    template_name = "public/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self) -> QuerySet[Programme]:
        public = Q(articles__in=Article.objects.published())
        return Programme.objects.select_related("issuing_agency").annotate(
            article_count=Count("articles", filter=public, distinct=True)
        )


class ProgrammeDetailView(ArticlesOfObjectView):
    model = Programme
    template_name = "public/programme_detail.html"

    def get_object(self) -> Programme:
        programmes = Programme.objects.select_related("issuing_agency", "founding_document")
        return get_object_or_404(programmes, slug=self.kwargs["slug"])

    def articles_of(self, programme: Programme) -> ArticleQuerySet:
        return Article.objects.filter(programmes=programme)

    def get_context_data(self, **kwargs):
        # The founding document, targets with their latest value and the reports (articles/documents/selectors.py).
        return super().get_context_data(results=document_selectors.programme_results(self.object), **kwargs)

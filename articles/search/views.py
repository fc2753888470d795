"""The search page: the form's filters and query, ranked results with highlighted passages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from articles.search.documents import search_documents
from articles.search.forms import SearchForm
from articles.search.passages import highlight, snippet
from articles.search.query import parse_query
from articles.search.ranking import search_articles

PAGE_SIZE = 20


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        if not form.is_bound or not form.is_valid():
            return context
        data = form.cleaned_data
        query = parse_query(data["q"])
        context["query"] = query
        if query.is_empty and not form.has_filters:
            context["no_words"] = bool(data["q"].strip())
            return context
        results = search_articles(
            query=query,
            agency=data["co_quan"],
            official=data["can_bo"],
            programme=data["chuong_trinh"],
            date_from=data["tu_ngay"],
            date_to=data["den_ngay"],
        )
        page = Paginator(results, PAGE_SIZE).get_page(self.request.GET.get("page"))
        if page.number == 1 and not form.has_filters:
            context["documents"] = search_documents(query)
        for article in page.object_list:
            article.title_html = highlight(article.title, query)
            article.snippet_html = snippet(article.body_text or article.lead, query)
            article.lead_html = highlight(article.lead, query) if article.lead else ""
        context.update(
            page_obj=page,
            articles=page.object_list,
            is_paginated=page.has_other_pages(),
            searched=True,
            results_capped=getattr(results, "capped", False),
        )
        return context

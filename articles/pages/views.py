"""A page editors write, in the reader's language."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.views.generic import DetailView

from articles.newsroom import translated
from articles.pages.models import Page


class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "page"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        # The English site names a page by its English slug; its Vietnamese slug leads there.
        if translated.english_site() and self.object.slug_en and self.kwargs["slug"] != self.object.slug_en:
            return HttpResponsePermanentRedirect(self.object.url_in("en"))
        if not translated.english_site() and self.kwargs["slug"] != self.object.slug:
            return HttpResponsePermanentRedirect(self.object.url_in("vi"))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None) -> Page:
        slug = self.kwargs["slug"]
        pages = list(Page.objects.published().filter(Q(slug=slug) | Q(slug_en=slug))[:2])
        if not pages:
            raise Http404("Không có trang này.")
        # A Vietnamese slug wins on the Vietnamese site, an English one on the English site.
        wanted = "slug_en" if translated.english_site() else "slug"
        return next((page for page in pages if getattr(page, wanted) == slug), pages[0])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page: Page = self.object
        context["language_urls"] = {"vi": page.url_in("vi"), "en": page.url_in("en")}
        # Without English text the English address shows the Vietnamese one, marked: the two are then not
        # translations of each other, so neither names the other with hreflang, and the English one is canonical
        # to the Vietnamese page.
        has_english = bool(page.title_en.strip() and page.body_en.strip())
        context["no_hreflang"] = not has_english
        context["english_missing"] = translated.english_site() and not has_english
        context["vietnamese_url"] = self.request.build_absolute_uri(page.url_in("vi"))
        return context

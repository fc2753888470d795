"""An article as readers will see it, for the staff who may see it: a draft, a scheduled article, or a published
article with its edit applied. The public template (the article page's own view and context), never cached, never
indexed; the approve pages show it in a sandboxed frame, and “Xem trên trang web” opens it for an article readers
cannot open yet."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles.newsroom import live_edits, rights, workflow
from articles.newsroom.models import Article, LiveEdit
from articles.public.views import ArticleDetailView


@method_decorator([staff_member_required, never_cache, xframe_options_sameorigin], name="dispatch")
# The approve pages frame it (X-Frame-Options and CSP frame-ancestors both allow this site only).
@method_decorator(csp_replace({"frame-ancestors": ["'self'"]}), name="dispatch")
class StaffPreviewView(ArticleDetailView):
    template_name = "public/article_staff_preview.html"
    shows_english = False
    with_edit = False
    edit: LiveEdit | None = None

    def get_object(self, queryset=None) -> Article:
        articles = Article.objects.select_related("agency", "agency__superseded_by")
        article = get_object_or_404(articles, pk=self.kwargs["pk"])
        if not rights.can_access_agency(self.request.user, article.agency_id):
            raise PermissionDenied("Bài thuộc cơ quan khác.")
        self.edit = workflow.open_edit(article) if self.with_edit else None
        if self.with_edit and self.edit is None:
            raise Http404("Bài không có bản sửa nào đang chờ duyệt.")
        return live_edits.with_edit(article, self.edit) if self.edit else article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.edit is not None and self.edit.kind == live_edits.Kind.CORRECTION:
            # The note it would leave, dated as if published now.
            pending = LiveEdit(note=self.edit.note, published_at=timezone.now())
            context["update_notes"] = [*context["update_notes"], live_edits.update_line(pending)]
        context["edit"] = self.edit
        return context

"""The editors' desk, the admin's first page: what waits for this user, each section with its count.

Sections: my drafts, returned to me (with the approver's comment), waiting for my review (approvers, their agencies;
never what they submitted themselves), scheduled in the next 7 days, published lately, programmes that need
attention. One query per section: each list carries its total in a window count.

Other apps add sections (the document register) from their AppConfig.ready()::

    from articles.newsroom.dashboard import Row, Section, register_section

    register_section(lambda user: Section(key="documents", title="Văn bản cần xem lại", count=n, rows=[...]))

A provider returns None to show nothing for that user (no permission, nothing to do).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Window
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import rights
from articles.newsroom.models import Article, LiveEdit, Programme, WorkflowEvent

ROWS = 8
Status = Article.Status
Action = WorkflowEvent.Action


@dataclass
class Row:
    title: str
    url: str
    meta: str = ""
    comment: str = ""
    when: datetime.datetime | None = None  # shown after `meta`, in Hanoi time


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list[Row] = field(default_factory=list)
    empty: str = "Không có gì."
    more_url: str = ""


SectionProvider = Callable[[Any], "Section | None"]
_providers: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> None:
    """Adds a section to every user's desk, after the newsroom's own (see the module's docstring)."""
    if provider not in _providers:
        _providers.append(provider)


def _change_url(article_id: int) -> str:
    return reverse("admin:articles_article_change", args=[article_id])


def _list_url(**filters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse("admin:articles_article_changelist") + (f"?{query}" if query else "")


def _counted(queryset: QuerySet) -> tuple[list, int]:
    """The first rows and the total, in one query (a window count over the whole selection)."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:ROWS])
    return rows, (rows[0].total if rows else 0)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _returned_to(user, articles: QuerySet[Article]) -> list[Row]:
    """Drafts the user submitted that an approver sent back (the latest step is a rejection), and edits of
    published articles returned to the user; each with the approver's comment."""
    latest = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    rejected = (
        articles.filter(status=Status.DRAFT, workflow_events__action=Action.SUBMIT, workflow_events__actor=user)
        .annotate(
            last_action=Subquery(latest.values("action")[:1]),
            last_comment=Subquery(latest.values("comment")[:1]),
            last_at=Subquery(latest.values("created_at")[:1]),
        )
        .filter(last_action=Action.REJECT)
        .distinct()
        .order_by("-last_at")
        .values_list("pk", "title", "last_comment", "last_at")[:ROWS]
    )
    rows = [Row(title, _change_url(pk), "Trả lại lúc", comment, at) for pk, title, comment, at in rejected]
    edits = (
        LiveEdit.objects.filter(state=LiveEdit.State.RETURNED, proposed_by=user, article__in=articles)
        .select_related("article")
        .order_by("-proposed_at")[:ROWS]
    )
    rows += [
        Row(f"Bản sửa: {edit.article.title}", _change_url(edit.article_id), "Bản sửa bị trả lại", edit.review_comment)
        for edit in edits
    ]
    return rows


def desk_for(user) -> list[Section]:
    articles = rights.articles_for(user)
    now = timezone.now()
    sections = []

    returned = _returned_to(user, articles)
    drafts, count = _counted(
        articles.filter(status=Status.DRAFT, created_by=user).only("pk", "title", "updated_at").order_by("-updated_at")
    )
    sections.append(
        Section(
            "drafts",
            "Bản nháp của tôi",
            count,
            [Row(a.title, _change_url(a.pk), "Sửa lúc", when=a.updated_at) for a in drafts],
            "Bạn không có bản nháp nào.",
            _list_url(status__exact=Status.DRAFT),
        )
    )
    sections.append(Section("returned", "Bị trả lại cho tôi", len(returned), returned, "Không có bài nào bị trả lại."))

    if user.has_perm("articles.approve_article"):
        waiting = articles.filter(status=Status.SUBMITTED).select_related("submitted_by").order_by("submitted_at")
        edits = (
            LiveEdit.objects.filter(state=LiveEdit.State.PENDING, article__in=articles)
            .select_related("article", "proposed_by")
            .order_by("proposed_at")
        )
        if not user.is_superuser:  # the two-person rule: not what they submitted themselves
            waiting = waiting.exclude(submitted_by=user)
            edits = edits.exclude(proposed_by=user)
        submissions, submission_count = _counted(waiting)
        pending, pending_count = _counted(edits)
        rows = [
            Row(a.title, _change_url(a.pk), f"{_name(a.submitted_by)} gửi lúc", when=a.submitted_at)
            for a in submissions
        ] + [
            Row(
                f"Bản sửa: {e.article.title}",
                _change_url(e.article_id),
                f"{e.get_kind_display()} – {_name(e.proposed_by)} lưu lúc",
                e.note,
                e.proposed_at,
            )
            for e in pending
        ]
        sections.append(
            Section(
                "review",
                "Chờ tôi duyệt",
                submission_count + pending_count,
                rows,
                "Không có bài nào chờ bạn duyệt.",
                _list_url(status__exact=Status.SUBMITTED),
            )
        )

    scheduled, count = _counted(
        articles.filter(
            status=Status.PUBLISHED, published_at__gt=now, published_at__lte=now + datetime.timedelta(days=7)
        )
        .only("pk", "title", "published_at")
        .order_by("published_at")
    )
    sections.append(
        Section(
            "scheduled",
            "Hẹn giờ đăng trong 7 ngày tới",
            count,
            [Row(a.title, _change_url(a.pk), "Tự đăng lúc", when=a.published_at) for a in scheduled],
            "Không có bài nào hẹn giờ.",
        )
    )
    published, count = _counted(
        articles.published()
        .filter(published_at__gte=now - datetime.timedelta(days=7))
        .only("pk", "title", "published_at")
        .order_by("-published_at")
    )
    sections.append(
        Section(
            "published",
            "Mới đăng (7 ngày qua)",
            count,
            [Row(a.title, _change_url(a.pk), "Đăng lúc", when=a.published_at) for a in published],
            "Chưa có bài nào được đăng trong 7 ngày qua.",
            _list_url(status__exact=Status.PUBLISHED),
        )
    )
    if user.has_perm("articles.change_programme"):
        programmes, count = _counted(Programme.objects.filter(needs_review=True).only("pk", "code", "title"))
        sections.append(
            Section(
                "programmes",
                "Chương trình cần xem lại",
                count,
                [
                    Row(
                        f"{p.code}: {p.title}" if p.title else p.code,
                        reverse("admin:articles_programme_change", args=[p.pk]),
                    )
                    for p in programmes
                ],
                "Không có chương trình nào cần xem lại.",
                reverse("admin:articles_programme_changelist") + "?needs_review__exact=1",
            )
        )
    for provider in _providers:
        section = provider(user)
        if section is not None:
            sections.append(section)
    return sections

"""Edits of published articles: saved apart from the article, reviewed, then published with or without a public note.

Readers keep seeing the published text (the `Article` row) until an approver publishes the edit under the two-person
rule; nothing here changes the article row before that, so neither the page cache (articles/pagecache) nor the
search columns, feeds or sitemap move. The steps are rows of the workflow table (workflow.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import reversion
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import CharField, Value
from django.utils import timezone

from articles.newsroom import rights, services, stored_pictures, workflow
from articles.newsroom.models import Article, LiveEdit, WorkflowEvent
from articles.newsroom.sanitize import plain_text
from articles.newsroom.templatetags.vn import vn_short_datetime
from articles.newsroom.uploads import CleanPicture

Action = WorkflowEvent.Action
Kind = LiveEdit.Kind

# What an edit carries, in django-reversion's field_dict shape. The publication time and the status are not
# edited this way: they change through the workflow's own steps.
FIELDS = ("title", "slug", "lead", "body", "cover", "cover_alt", "cover_caption", "source", "agency_id")
LINKS = ("officials", "programmes", "related", "mentioned_agencies")
CORRECTION_NOTE_NEEDED = "Hãy ghi nội dung đính chính: bạn đọc sẽ thấy nó dưới bài, kèm thời điểm cập nhật."


def link_ids(article: Article) -> dict[str, list[int]]:
    """The ids each of the article's links points to, read from the four link tables in one query."""
    parts = []
    for name in LINKS:
        field = cast(models.ManyToManyField, Article._meta.get_field(name))
        through = getattr(Article, name).through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        parts.append(
            through.objects.filter(**{f"{source}_id": article.pk})
            .annotate(link=Value(name, output_field=CharField()))
            .values_list("link", f"{target}_id")
        )
    found: dict[str, list[int]] = {name: [] for name in LINKS}
    for name, pk in parts[0].union(*parts[1:], all=True):
        found[name].append(pk)
    return {name: sorted(ids) for name, ids in found.items()}


def data_of(article: Article, links: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """The article's current fields and links, in the shape an edit stores them."""
    data: dict[str, Any] = {name: getattr(article, name) for name in FIELDS}
    data["cover"] = article.cover.name or ""
    data.update(links if links is not None else link_ids(article))
    return data


def data_from_form(cleaned_data: dict[str, Any], *, article: Article, uploaded_by=None) -> dict[str, Any]:
    """An admin form's values as an edit stores them. A new cover is stored now (on the one upload rule's
    name), so that publishing the edit needs no file; the published article keeps its own cover until then."""
    data = {name: getattr(article, name) for name in FIELDS if name != "cover"}
    cover = cleaned_data.get("cover")
    if isinstance(cover, CleanPicture):
        name = cast(models.FileField, Article._meta.get_field("cover")).generate_filename(article, cover.name or "")
        data["cover"] = default_storage.save(name, cover)
        stored_pictures.remember(name=data["cover"], picture=cover, uploaded_by=uploaded_by)
    elif cover is False:
        data["cover"] = ""
    else:
        data["cover"] = getattr(cover, "name", cover) or ""
    for name in LINKS:
        if name in cleaned_data:
            data[name] = sorted(obj.pk for obj in cleaned_data[name])
        else:
            data[name] = sorted(getattr(article, name).values_list("pk", flat=True))
    return data


def apply(article: Article, data: dict[str, Any]) -> Article:
    """Sets the edit's fields on `article` (not saved; links are set by `publish`)."""
    for name in FIELDS:
        if name in data:
            setattr(article, name, data[name])
    return article


def _sanitized(data: dict[str, Any]) -> dict[str, Any]:
    """The edit as the article would store it: rich text through the allow-list, the rest plain text."""
    scratch = apply(Article(), data)
    scratch.sanitize()
    return {**data, **{name: getattr(scratch, name) for name in FIELDS if name not in ("cover", "agency_id")}}


def propose(
    *, article: Article, by, data: dict[str, Any], kind: str = Kind.MINOR, note: str = "", expected_version: int
) -> LiveEdit:
    """Saves an editor's changes to a published article as its open edit, waiting for review."""
    if article.status != Article.Status.PUBLISHED:
        raise services.WorkflowError("Chỉ bài đã đăng mới có bản sửa chờ duyệt.")
    if not rights.can_change(by, article) or not rights.can_access_agency(by, data.get("agency_id")):
        raise PermissionDenied("Bạn không có quyền sửa bài này.")
    note = (plain_text(note or "") or "").strip()
    if kind == Kind.CORRECTION and not note:
        raise services.WorkflowError(CORRECTION_NOTE_NEEDED)
    with transaction.atomic():
        # Optimistic locking on the article's version, as for any save: of two editors, the second is told.
        article.version = services.claim_version(article_id=article.pk, expected_version=expected_version)
        edit = LiveEdit.objects.select_for_update().open().filter(article=article).first() or LiveEdit(article=article)
        returned = edit.state == LiveEdit.State.RETURNED
        edit.data = _sanitized(data)
        edit.kind = kind
        edit.note = note if kind == Kind.CORRECTION else ""
        edit.state = LiveEdit.State.PENDING
        edit.proposed_by = by
        edit.proposed_at = timezone.now()
        edit.save()
        workflow.forget_open_edit(article)
        # No statuses on the event: readers see nothing of it, so the cached pages stay (pagecache/invalidation.py).
        services.log_event(
            article=article,
            by=by,
            action=Action.PROPOSE_EDIT,
            comment=("Gửi lại sau khi bị trả lại. " if returned else "") + edit.get_kind_display(),
        )
    return edit


def publish(*, article: Article, by, kind: str | None = None, note: str | None = None, comment: str = "") -> Article:
    """An approver publishes the open edit: the article takes its text and links; a correction leaves its note."""
    services.require(by, workflow.PUBLISH_EDIT, article)
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        edit = LiveEdit.objects.select_for_update().open().filter(article=current).first()
        current._open_live_edit = edit
        wrong = workflow.wrong_state(workflow.PUBLISH_EDIT, current)
        if wrong:
            raise services.WorkflowError(wrong)
        services.require(by, workflow.PUBLISH_EDIT, current)  # the two-person rule on the edit as locked
        assert edit is not None
        if not edit.data:
            raise services.WorkflowError("Bản sửa này không còn nội dung (khôi phục từ bản lưu trữ); hãy hủy nó.")
        edit.kind = kind or edit.kind
        edit.note = (plain_text(note if note is not None else edit.note) or "").strip()
        if edit.kind == Kind.CORRECTION and not edit.note:
            raise services.WorkflowError(CORRECTION_NOTE_NEEDED)
        if edit.kind == Kind.MINOR:
            edit.note = ""
        now = timezone.now()
        apply(current, edit.data)
        current.updated_by = by
        current.version += 1
        current.save()
        for name in LINKS:
            if name in edit.data:
                getattr(current, name).set(edit.data[name])
        override = workflow.proposed_it_yourself(by, edit)
        edit.state = LiveEdit.State.PUBLISHED
        edit.reviewed_by = by
        edit.review_comment = plain_text(comment or "") or ""
        edit.published_at = now
        edit.save()
        summary = edit.get_kind_display() + (f": {edit.note}" if edit.note else "")
        reversion.set_user(by)
        reversion.set_comment(f"{workflow.PUBLISH_EDIT.label} ({summary})")
        services.log_event(
            article=current,
            by=by,
            action=Action.PUBLISH_EDIT,
            from_status=current.status,
            to_status=current.status,
            comment=(("Quản trị tối cao tự duyệt bản sửa của chính mình. " if override else "") + summary).strip(),
            superuser_override=override,
        )
    article.refresh_from_db()
    workflow.forget_open_edit(article)
    return current


def _close(*, article: Article, by, step: workflow.Step, state: str, comment: str, action: str) -> LiveEdit:
    services.require(by, step, article)
    with transaction.atomic():
        edit = LiveEdit.objects.select_for_update().open().filter(article=article).first()
        article._open_live_edit = edit  # type: ignore[attr-defined]
        wrong = workflow.wrong_state(step, article)
        if wrong:
            raise services.WorkflowError(wrong)
        assert edit is not None
        edit.state = state
        edit.reviewed_by = by
        edit.review_comment = comment
        edit.save()
        services.log_event(article=article, by=by, action=action, comment=comment)
    workflow.forget_open_edit(article)
    return edit


def return_edit(*, article: Article, by, comment: str) -> LiveEdit:
    """An approver sends the edit back to whoever saved it, with a comment; it waits to be reworked."""
    comment = (plain_text(comment or "") or "").strip()
    if not comment:
        raise services.WorkflowError("Hãy ghi lý do trả lại để người sửa biết cần sửa gì.")
    return _close(
        article=article,
        by=by,
        step=workflow.RETURN_EDIT,
        state=LiveEdit.State.RETURNED,
        comment=comment,
        action=Action.RETURN_EDIT,
    )


def discard(*, article: Article, by, comment: str = "") -> LiveEdit:
    """Drops the open edit; the published text stays as it is."""
    return _close(
        article=article,
        by=by,
        step=workflow.DISCARD_EDIT,
        state=LiveEdit.State.DISCARDED,
        comment=(plain_text(comment or "") or "").strip(),
        action=Action.DISCARD_EDIT,
    )


# What each edit step of the table runs, for the admin's step pages.
RUN: dict[workflow.Step, Callable[..., object]] = {
    workflow.PUBLISH_EDIT: publish,
    workflow.RETURN_EDIT: return_edit,
    workflow.DISCARD_EDIT: discard,
}


def restore_version(*, article: Article, version_id: int, by, expected_version: int) -> Article | LiveEdit:
    """Brings back an earlier revision: as a new save of an unpublished article, or as an edit of a published one
    (readers keep the published text until it is reviewed)."""
    if article.status != Article.Status.PUBLISHED:
        return services.restore_revision(
            article=article, version_id=version_id, by=by, expected_version=expected_version
        )
    version = services.revisions_of(article).get(pk=version_id)
    data = {**data_of(article), **{k: v for k, v in version.field_dict.items() if k in (*FIELDS, *LINKS)}}
    data["cover"] = str(data.get("cover") or "")
    edit = propose(article=article, by=by, data=data, expected_version=expected_version)
    stamp = vn_short_datetime(version.revision.date_created)
    services.log_event(
        article=article, by=by, action=Action.RESTORE, comment=f"Khôi phục phiên bản lưu lúc {stamp} thành bản sửa."
    )
    return edit


def with_edit(article: Article, edit: LiveEdit) -> Article:
    """A copy of `article` showing the edit (never saved): for the approver's preview of what will be published.
    `links_override` names the edit's linked ids, which the preview shows instead of the article's."""
    copy = Article.objects.select_related("agency").get(pk=article.pk)
    apply(copy, edit.data)
    copy.links_override = {name: edit.data.get(name, []) for name in LINKS}
    return copy


def update_line(edit: LiveEdit) -> str:
    """The public note of a published correction: "Cập nhật lúc 18/06/2018 21:05: …"."""
    when: datetime.datetime | None = edit.published_at
    return f"Cập nhật lúc {vn_short_datetime(when)}: {edit.note}"

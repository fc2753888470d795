"""Workflow steps on items other than articles (English versions of articles, pages editors write): the same table
(workflow.py), the same checks, a conditional UPDATE so two people cannot take conflicting steps at once, and a
revision (django-reversion) whose comment records the step.

Articles keep their own services (services.py): they also write the audit log, whose rows point at an article.
The item's model needs the fields of `workflow.Workflowed` plus `version`, `updated_by`, `updated_at`,
`submitted_at` and a `published_at` (null until first approved).
"""

from __future__ import annotations

from typing import Any, TypeVar

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Model
from django.db.models.signals import post_save
from django.utils import timezone

from articles.newsroom import workflow
from articles.newsroom.sanitize import plain_text
from articles.newsroom.services import WorkflowError

Item = TypeVar("Item", bound=Model)


def take(*, item: Item, by: Any, step: workflow.Step, comment: str = "") -> Item:
    """Take `step` on `item` as `by`; raises PermissionDenied or WorkflowError with a Vietnamese message."""
    reason = workflow.refusal(by, item, step)  # type: ignore[arg-type]  # any model with Workflowed's fields
    if reason:
        raise PermissionDenied(reason)
    comment = plain_text(comment or "").strip()
    if step is workflow.REJECT and not comment:
        raise WorkflowError("Hãy ghi lý do trả lại để người viết biết cần sửa gì.")
    model = type(item)
    noun = getattr(model, "workflow_noun", "mục")
    now = timezone.now()
    fields: dict[str, Any] = {}
    if step is workflow.SUBMIT:
        fields = {"submitted_by": by, "submitted_at": now}
    elif step is workflow.REJECT:
        fields = {"submitted_by": None, "submitted_at": None}
    elif step is workflow.APPROVE:
        fields = {"published_at": now}
    with transaction.atomic(), reversion.create_revision():
        current = model._default_manager.select_for_update().get(pk=item.pk)
        wrong = workflow.wrong_status(step, current.status, noun=noun)  # type: ignore[attr-defined]
        if wrong:
            raise WorkflowError(wrong)
        updated = model._default_manager.filter(pk=item.pk, status=current.status).update(  # type: ignore[attr-defined]
            status=step.to_status, version=F("version") + 1, updated_by=by, updated_at=now, **fields
        )
        if not updated:  # another step won the race between the read and the write
            raise WorkflowError(f"{noun.capitalize()} vừa được người khác chuyển trạng thái; hãy tải lại trang.")
        item.refresh_from_db()
        reversion.set_user(by)
        reversion.set_comment(f"{step.label}{': ' + comment if comment else ''}")
        reversion.add_to_revision(item)
        # The status changed with an UPDATE: tell those watching the model's saves (the page cache) as a save would,
        # with the status it had before (`loaded_status`), which says whether readers saw it.
        item.loaded_status = current.status  # type: ignore[attr-defined]
        post_save.send(sender=model, instance=item, created=False, update_fields=frozenset(fields) | {"status"},
                       raw=False, using=item._state.db)  # fmt: skip
        item.loaded_status = item.status  # type: ignore[attr-defined]
    return item


def restore(*, item: Item, data: dict[str, Any], fields: tuple[str, ...], by: Any, saved_at: str) -> Item:
    """Bring back the text of an earlier revision (`data`, its field_dict) as a new save, itself a revision. The
    workflow's fields stay as they are: restoring never publishes, unpublishes or archives anything."""
    with transaction.atomic(), reversion.create_revision():
        for name in fields:
            if name in data:
                setattr(item, name, data[name])
        item.updated_by = by  # type: ignore[attr-defined]
        item.version += 1  # type: ignore[attr-defined]
        item.save()
        reversion.set_user(by)
        reversion.set_comment(f"Khôi phục phiên bản lưu lúc {saved_at}")
    return item

"""The editorial workflow as one table: each step, where it starts and leads, and who may take it.

The services (services.py, live_edits.py) enforce it, the admin's buttons and bulk actions offer only what it
allows (admin/article.py), and a preview link may exist only while its PREVIEW row allows. Steps on an edit of a
published article (a `LiveEdit`) start from the article's status and the state of its open edit. Documents
(articles.documents) go through the same table: a step's permission is named after the model it is taken on
(`articles.submit_article`, `documents.submit_document`), and its messages after what the model calls an item
(`workflow_noun`: "bài", "văn bản").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models.options import Options

from articles.newsroom import rights
from articles.newsroom.models import Article, LiveEdit, WorkflowEvent

Status = Article.Status
Action = WorkflowEvent.Action
EditState = LiveEdit.State
User = AbstractUser | AnonymousUser


class Workflowed(Protocol):
    """What a model taken through the workflow has: an owning agency, a title, the same statuses as articles
    (`Article.Status`) and who submitted it; `workflow_noun` names one item in messages. (Read-only members, so
    that a model's plain attributes and class attributes satisfy them.)"""

    @property
    def pk(self) -> Any: ...
    @property
    def agency_id(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def submitted_by_id(self) -> int | None: ...
    @property
    def workflow_noun(self) -> str: ...
    @property
    def _meta(self) -> Options: ...


@dataclass(frozen=True)
class Step:
    action: str
    slug: str  # in the admin's addresses
    label: str
    from_statuses: frozenset[str]
    to_status: str | None  # None: the status stays (a preview link)
    verb: str  # the permission is `<app>.<verb>_<model>`, e.g. articles.submit_article
    what: str  # "you may not ..." in messages; `{noun}` is the model's workflow_noun
    done: str  # the message once taken
    primary: bool = False  # the step an editor most likely wants next
    # Not empty: the step acts on the article's open edit (LiveEdit), which must be in one of these states.
    edit_states: frozenset[str] = frozenset()

    def permission(self, item: Workflowed | type[Workflowed]) -> str:
        """The permission this step needs on `item`'s model."""
        meta = cast(Options, item._meta)  # a model's instance or class: both carry its options
        return f"{meta.app_label}.{self.verb}_{meta.model_name}"

    def what_for(self, item: Workflowed) -> str:
        return self.what.format(noun=item.workflow_noun)


# fmt: off
SUBMIT = Step(Action.SUBMIT, "gui-duyet", "Gửi duyệt", frozenset({Status.DRAFT}), Status.SUBMITTED,
              "submit", "gửi {noun} này để duyệt", "Đã gửi duyệt", primary=True)
APPROVE = Step(Action.APPROVE, "duyet", "Duyệt và đăng", frozenset({Status.SUBMITTED}), Status.PUBLISHED,
               "approve", "duyệt {noun} này", "Đã duyệt", primary=True)
REJECT = Step(Action.REJECT, "tra-lai", "Trả lại", frozenset({Status.SUBMITTED}), Status.DRAFT,
              "approve", "trả lại {noun} này", "Đã trả lại")
PUBLISH = Step(Action.PUBLISH, "dang-lai", "Đăng lại / đổi giờ đăng", frozenset({Status.PUBLISHED, Status.WITHDRAWN}),
               Status.PUBLISHED, "publish", "đăng {noun} này", "Đã cập nhật thời điểm đăng")
WITHDRAW = Step(Action.WITHDRAW, "go-bai", "Gỡ bài", frozenset({Status.PUBLISHED}), Status.WITHDRAWN,
                "withdraw", "gỡ {noun} này", "Đã gỡ")
ARCHIVE = Step(Action.ARCHIVE, "luu-tru", "Lưu trữ", frozenset({Status.PUBLISHED, Status.WITHDRAWN}), Status.ARCHIVED,
               "archive", "đưa {noun} này vào lưu trữ", "Đã đưa vào lưu trữ")
PUBLISH_EDIT = Step(Action.PUBLISH_EDIT, "dang-ban-sua", "Duyệt và đăng bản sửa", frozenset({Status.PUBLISHED}),
                    Status.PUBLISHED, "approve", "duyệt bản sửa này", "Đã đăng bản sửa", primary=True,
                    edit_states=frozenset({EditState.PENDING}))
RETURN_EDIT = Step(Action.RETURN_EDIT, "tra-lai-ban-sua", "Trả lại bản sửa", frozenset({Status.PUBLISHED}),
                   Status.PUBLISHED, "approve", "trả lại bản sửa này", "Đã trả lại bản sửa",
                   edit_states=frozenset({EditState.PENDING}))
DISCARD_EDIT = Step(Action.DISCARD_EDIT, "huy-ban-sua", "Hủy bản sửa", frozenset({Status.PUBLISHED}),
                    Status.PUBLISHED, "change", "hủy bản sửa này", "Đã hủy bản sửa",
                    edit_states=frozenset({EditState.PENDING, EditState.RETURNED}))
PREVIEW = Step(Action.PREVIEW, "xem-truoc", "Tạo liên kết xem trước", frozenset({Status.DRAFT, Status.SUBMITTED}),
               None, "preview", "tạo liên kết xem trước cho {noun} này", "Đã tạo liên kết xem trước")
# fmt: on

STEPS: dict[str, Step] = {
    step.slug: step
    for step in (SUBMIT, APPROVE, REJECT, PUBLISH_EDIT, RETURN_EDIT, DISCARD_EDIT, PUBLISH, WITHDRAW, ARCHIVE)
}

TWO_PERSON_RULE = (
    "Bạn đã gửi {noun} này để duyệt nên không thể tự duyệt; {noun} cần một người duyệt khác (quy tắc hai người)."
)


def two_person_rule(item: Workflowed) -> str:
    return TWO_PERSON_RULE.format(noun=item.workflow_noun)


TWO_PERSON_RULE_FOR_EDITS = (
    "Bạn là người lưu bản sửa này nên không thể tự duyệt; bản sửa cần một người duyệt khác (quy tắc hai người)."
)


def open_edit(article: Workflowed) -> LiveEdit | None:
    """The article's edit waiting for review or sent back, if any (looked up once per article object; only
    articles have edits)."""
    if not isinstance(article, Article):
        return None
    cache = article.__dict__
    if "_open_live_edit" not in cache:
        found = None
        if article.pk is not None and article.status == Status.PUBLISHED:
            found = LiveEdit.objects.open().filter(article_id=article.pk).select_related("proposed_by").first()
        cache["_open_live_edit"] = found
    return cache["_open_live_edit"]


def forget_open_edit(article: Article) -> None:
    article.__dict__.pop("_open_live_edit", None)


def proposed_it_yourself(user: User, edit: LiveEdit | None) -> bool:
    """The two-person rule for an edit of a published article: whoever saved it last does not publish it."""
    return edit is not None and edit.proposed_by_id is not None and edit.proposed_by_id == user.pk


def submitted_it_yourself(user: User, item: Workflowed) -> bool:
    """The two-person rule: whoever submitted an item does not approve it (a superuser may, on the record)."""
    return item.submitted_by_id is not None and item.submitted_by_id == user.pk


def refusal(user: User, item: Workflowed, step: Step) -> str | None:
    """Why `user` may not take `step` on `item` whatever its status (in Vietnamese), or None when they may:
    their permission, their agencies, and the two-person rule."""
    noun = item.workflow_noun
    if not (user.is_active and user.is_staff and user.has_perm(step.permission(item))):
        return f"Bạn không có quyền {step.what_for(item)}."
    if step in (APPROVE, PUBLISH_EDIT) and not user.has_perm(PUBLISH.permission(item)):
        return f"Bạn không có quyền đăng {noun}."
    if not rights.can_access_agency(user, item.agency_id):
        return f"{noun.capitalize()} “{item.title}” thuộc cơ quan khác; bạn không có quyền {step.what_for(item)}."
    if step is APPROVE and submitted_it_yourself(user, item) and not user.is_superuser:
        return two_person_rule(item)
    if step.edit_states:
        edit = open_edit(item)
        if step is PUBLISH_EDIT and proposed_it_yourself(user, edit) and not user.is_superuser:
            return TWO_PERSON_RULE_FOR_EDITS
        if step is DISCARD_EDIT and not (proposed_it_yourself(user, edit) or user.has_perm(APPROVE.permission(item))):
            return "Chỉ người lưu bản sửa hoặc người duyệt mới hủy được bản sửa."
    return None


def wrong_status(step: Step, status: str, *, noun: str = "bài") -> str | None:
    """Why `step` cannot start from `status` (in Vietnamese), or None when it can."""
    if status in step.from_statuses:
        return None
    return f"Không thể thực hiện “{step.label}” với {noun} đang ở trạng thái “{Status(status).label}”."


def wrong_state(step: Step, item: Workflowed) -> str | None:
    """Why `step` cannot start from the item's status, or from the state of its open edit; None when it can."""
    wrong = wrong_status(step, item.status, noun=item.workflow_noun)
    if wrong or not step.edit_states:
        return wrong
    edit = open_edit(item)
    if edit is None:
        return "Bài không có bản sửa nào đang chờ duyệt."
    if edit.state not in step.edit_states:
        return f"Không thể thực hiện “{step.label}” với bản sửa đang ở tình trạng “{edit.get_state_display()}”."
    return None


def may_take(user: User, item: Workflowed, step: Step) -> bool:
    return wrong_state(step, item) is None and refusal(user, item, step) is None


def steps_for(user: User, item: Workflowed, steps: Iterable[Step] | None = None) -> list[Step]:
    """The steps `user` may take on `item` now, in the table's order (or among `steps`)."""
    return [step for step in (STEPS.values() if steps is None else steps) if may_take(user, item, step)]

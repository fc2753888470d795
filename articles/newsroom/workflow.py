"""The editorial workflow as one table: each step, where it starts and leads, and who may take it.

The services (services.py) enforce it, the admin's buttons and bulk actions offer only what it allows
(admin/article.py), and a preview link may exist only while its PREVIEW row allows. Documents
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
from articles.newsroom.models import Article, WorkflowEvent

Status = Article.Status
Action = WorkflowEvent.Action
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
PREVIEW = Step(Action.PREVIEW, "xem-truoc", "Tạo liên kết xem trước", frozenset({Status.DRAFT, Status.SUBMITTED}),
               None, "preview", "tạo liên kết xem trước cho {noun} này", "Đã tạo liên kết xem trước")
# fmt: on

STEPS: dict[str, Step] = {step.slug: step for step in (SUBMIT, APPROVE, REJECT, PUBLISH, WITHDRAW, ARCHIVE)}

TWO_PERSON_RULE = (
    "Bạn đã gửi {noun} này để duyệt nên không thể tự duyệt; {noun} cần một người duyệt khác (quy tắc hai người)."
)


def two_person_rule(item: Workflowed) -> str:
    return TWO_PERSON_RULE.format(noun=item.workflow_noun)


def submitted_it_yourself(user: User, item: Workflowed) -> bool:
    """The two-person rule: whoever submitted an item does not approve it (a superuser may, on the record)."""
    return item.submitted_by_id is not None and item.submitted_by_id == user.pk


def refusal(user: User, item: Workflowed, step: Step) -> str | None:
    """Why `user` may not take `step` on `item` whatever its status (in Vietnamese), or None when they may:
    their permission, their agencies, and the two-person rule."""
    noun = item.workflow_noun
    if not (user.is_active and user.is_staff and user.has_perm(step.permission(item))):
        return f"Bạn không có quyền {step.what_for(item)}."
    if step is APPROVE and not user.has_perm(PUBLISH.permission(item)):
        return f"Bạn không có quyền đăng {noun}."
    if not rights.can_access_agency(user, item.agency_id):
        return f"{noun.capitalize()} “{item.title}” thuộc cơ quan khác; bạn không có quyền {step.what_for(item)}."
    if step is APPROVE and submitted_it_yourself(user, item) and not user.is_superuser:
        return two_person_rule(item)
    return None


def wrong_status(step: Step, status: str, *, noun: str = "bài") -> str | None:
    """Why `step` cannot start from `status` (in Vietnamese), or None when it can."""
    if status in step.from_statuses:
        return None
    return f"Không thể thực hiện “{step.label}” với {noun} đang ở trạng thái “{Status(status).label}”."


def may_take(user: User, item: Workflowed, step: Step) -> bool:
    return wrong_status(step, item.status) is None and refusal(user, item, step) is None


def steps_for(user: User, item: Workflowed, steps: Iterable[Step] | None = None) -> list[Step]:
    """The steps `user` may take on `item` now, in the table's order (or among `steps`)."""
    return [step for step in (STEPS.values() if steps is None else steps) if may_take(user, item, step)]

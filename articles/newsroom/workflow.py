"""The editorial workflow as one table: each step, where it starts and leads, and who may take it.

The services (services.py) enforce it, the admin's buttons and bulk actions offer only what it allows
(admin/article.py), and a preview link may exist only while its PREVIEW row allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, AnonymousUser

from articles.newsroom import rights
from articles.newsroom.models import Article, WorkflowEvent

Status = Article.Status
Action = WorkflowEvent.Action
User = AbstractUser | AnonymousUser


@dataclass(frozen=True)
class Step:
    action: str
    slug: str  # in the admin's addresses
    label: str
    from_statuses: frozenset[str]
    to_status: str | None  # None: the status stays (a preview link)
    permission: str  # codename in the `articles` app
    what: str  # "you may not ..." in messages
    done: str  # the message once taken
    primary: bool = False  # the step an editor most likely wants next


# fmt: off
SUBMIT = Step(Action.SUBMIT, "gui-duyet", "Gửi duyệt", frozenset({Status.DRAFT}), Status.SUBMITTED,
              "submit_article", "gửi bài này để duyệt", "Đã gửi duyệt", primary=True)
APPROVE = Step(Action.APPROVE, "duyet", "Duyệt và đăng", frozenset({Status.SUBMITTED}), Status.PUBLISHED,
               "approve_article", "duyệt bài này", "Đã duyệt", primary=True)
REJECT = Step(Action.REJECT, "tra-lai", "Trả lại", frozenset({Status.SUBMITTED}), Status.DRAFT,
              "approve_article", "trả lại bài này", "Đã trả lại")
PUBLISH = Step(Action.PUBLISH, "dang-lai", "Đăng lại / đổi giờ đăng", frozenset({Status.PUBLISHED, Status.WITHDRAWN}),
               Status.PUBLISHED, "publish_article", "đăng bài này", "Đã cập nhật thời điểm đăng")
WITHDRAW = Step(Action.WITHDRAW, "go-bai", "Gỡ bài", frozenset({Status.PUBLISHED}), Status.WITHDRAWN,
                "withdraw_article", "gỡ bài này", "Đã gỡ")
ARCHIVE = Step(Action.ARCHIVE, "luu-tru", "Lưu trữ", frozenset({Status.PUBLISHED, Status.WITHDRAWN}), Status.ARCHIVED,
               "archive_article", "đưa bài này vào lưu trữ", "Đã đưa vào lưu trữ")
PREVIEW = Step(Action.PREVIEW, "xem-truoc", "Tạo liên kết xem trước", frozenset({Status.DRAFT, Status.SUBMITTED}),
               None, "preview_article", "tạo liên kết xem trước cho bài này", "Đã tạo liên kết xem trước")
# fmt: on

STEPS: dict[str, Step] = {step.slug: step for step in (SUBMIT, APPROVE, REJECT, PUBLISH, WITHDRAW, ARCHIVE)}

TWO_PERSON_RULE = (
    "Bạn đã gửi bài này để duyệt nên không thể tự duyệt; bài cần một người duyệt khác (quy tắc hai người)."
)


def submitted_it_yourself(user: User, article: Article) -> bool:
    """The two-person rule: whoever submitted an article does not approve it (a superuser may, on the record)."""
    return article.submitted_by_id is not None and article.submitted_by_id == user.pk


def refusal(user: User, article: Article, step: Step) -> str | None:
    """Why `user` may not take `step` on `article` whatever its status (in Vietnamese), or None when they may:
    their permission, their agencies, and the two-person rule."""
    if not (user.is_active and user.is_staff and user.has_perm(f"articles.{step.permission}")):
        return f"Bạn không có quyền {step.what}."
    if step is APPROVE and not user.has_perm("articles.publish_article"):
        return "Bạn không có quyền đăng bài."
    if not rights.can_access_agency(user, article.agency_id):
        return f"Bài “{article.title}” thuộc cơ quan khác; bạn không có quyền {step.what}."
    if step is APPROVE and submitted_it_yourself(user, article) and not user.is_superuser:
        return TWO_PERSON_RULE
    return None


def wrong_status(step: Step, status: str) -> str | None:
    """Why `step` cannot start from `status` (in Vietnamese), or None when it can."""
    if status in step.from_statuses:
        return None
    return f"Không thể thực hiện “{step.label}” với bài đang ở trạng thái “{Status(status).label}”."


def may_take(user: User, article: Article, step: Step) -> bool:
    return wrong_status(step, article.status) is None and refusal(user, article, step) is None


def steps_for(user: User, article: Article) -> list[Step]:
    """The steps `user` may take on `article` now, in the table's order."""
    return [step for step in STEPS.values() if may_take(user, article, step)]

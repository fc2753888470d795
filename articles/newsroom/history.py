"""One history per article: the audit log's steps and the saved revisions in one timeline, newest first.

A workflow step keeps a revision too (services._transition); the two are one line, found by their author and time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reversion.models import Version

from articles.newsroom.models import Article, WorkflowEvent

# A step's revision is saved in the same transaction as its audit line: a second apart at most.
SAME_MOMENT = datetime.timedelta(seconds=2)
Action = WorkflowEvent.Action
# The steps that keep a revision; a plain save ("Sửa bài") keeps one with no step, and stands on its own line.
VERSIONED_ACTIONS = frozenset(
    {Action.CREATE, Action.SUBMIT, Action.APPROVE, Action.REJECT, Action.PUBLISH, Action.WITHDRAW, Action.ARCHIVE,
     Action.RESTORE, Action.PUBLISH_EDIT}
)  # fmt: skip
PLAIN_SAVE = "Sửa bài"


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    what: str
    comment: str = ""
    version: Version | None = None  # a saved revision: compare and restore links
    previous: Version | None = None  # the revision before it, to compare with
    superuser_override: bool = False


def _name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def timeline(article: Article, *, limit: int | None = None) -> list[Entry]:
    """Two queries: the audit log and the revisions, each with its authors."""
    events = list(WorkflowEvent.objects.filter(article=article).select_related("actor").order_by("-created_at", "-id"))
    versions = list(
        Version.objects.get_for_object(article).select_related("revision", "revision__user").order_by("-pk")
    )
    previous = {version.pk: versions[index + 1] for index, version in enumerate(versions[:-1])}
    entries = [
        Entry(
            when=event.created_at,
            who=_name(event.actor),
            what=event.get_action_display(),
            comment=event.comment,
            superuser_override=event.superuser_override,
        )
        for event in events
    ]
    by_author: dict[int | None, list[Entry]] = {}
    for event, entry in zip(events, entries, strict=True):
        if event.action in VERSIONED_ACTIONS:
            by_author.setdefault(event.actor_id, []).append(entry)
    for version in versions:
        created = version.revision.date_created
        candidates = [
            entry
            for entry in by_author.get(version.revision.user_id, [])
            if version.revision.comment != PLAIN_SAVE
            and entry.version is None
            and abs(entry.when - created) <= SAME_MOMENT
        ]
        twin = min(candidates, key=lambda entry: abs(entry.when - created), default=None)
        if twin is None:
            twin = Entry(when=created, who=_name(version.revision.user), what="Lưu bài", comment="")
            entries.append(twin)
        twin.version = version
        twin.previous = previous.get(version.pk)
        if not twin.comment and version.revision.comment not in ("Sửa bài", "Tạo bài"):
            twin.comment = version.revision.comment
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit] if limit else entries

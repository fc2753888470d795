"""What a reader can subscribe to: one table of topic kinds.

Each kind names the Subscription field that points at its object and the path from an Article to such objects.
Adding a kind (sections and article types of issue 16, document types of issue 15) is one foreign key on
`Subscription` (a migration), one row below, and, for the public pages, a link to `alerts:subscribe_topic` with
the kind and the object's slug; matching, the form, the emails and the manage page read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, Q

from articles.newsroom.models import Article


@dataclass(frozen=True)
class TopicKind:
    key: str  # stored in Subscription.kind and used in addresses (/nhan-tin/<key>/<slug>/)
    label: str  # "Thông cáo của <label> …"
    field: str | None = None  # Subscription's foreign key to the topic's object; None: every release
    article_path: str | None = None  # from Article to the topic's objects (a foreign key or many-to-many)

    def model(self) -> type[Model] | None:
        if self.field is None:
            return None
        # Looked up through the app registry: models.py imports this table.
        subscription = apps.get_model("alerts", "Subscription")
        return subscription._meta.get_field(self.field).related_model


ALL = TopicKind("tat-ca", "mọi cơ quan")
AGENCY = TopicKind("co-quan", "cơ quan", field="agency", article_path="agency")
PROGRAMME = TopicKind("chuong-trinh", "chương trình", field="programme", article_path="programmes")
OFFICIAL = TopicKind("can-bo", "cán bộ", field="official", article_path="officials")

KINDS: dict[str, TopicKind] = {kind.key: kind for kind in (ALL, AGENCY, PROGRAMME, OFFICIAL)}
CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]


def matching(article: Article) -> Q:
    """The subscriptions an article answers: every-release ones, and those of its agency, programmes, officials…"""
    condition = Q(kind=ALL.key)
    for kind in KINDS.values():
        if kind.field is None or kind.article_path is None:
            continue
        ids = [pk for pk in Article.objects.filter(pk=article.pk).values_list(kind.article_path, flat=True) if pk]
        if ids:
            condition |= Q(kind=kind.key, **{f"{kind.field}__in": ids})
    return condition


def topic_key(kind: TopicKind, obj: Model | None) -> str:
    """One subscription per subscriber and topic: "tat-ca", "co-quan:12"…"""
    return kind.key if obj is None else f"{kind.key}:{obj.pk}"


def describe(kind: TopicKind, obj: Model | None) -> str:
    """The topic as pages and emails name it, in Vietnamese."""
    if obj is None:
        return "Tất cả thông cáo báo chí"
    return f"Thông cáo về {kind.label} {obj}"

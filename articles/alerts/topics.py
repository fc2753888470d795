"""What a reader can subscribe to: one table of topic kinds.

Each kind names the Subscription field that points at its object and the path from an Article, or from a Document
of the register, to such objects. Adding a kind is one foreign key on `Subscription` (a migration), one row below,
and, for the public pages, a link to `alerts:subscribe_topic` with the kind and the object's slug; matching, the
form, the emails and the manage page read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, Q

from articles.documents.models import Document
from articles.newsroom.models import Article


@dataclass(frozen=True)
class TopicKind:
    key: str  # stored in Subscription.kind and used in addresses (/nhan-tin/<key>/<slug>/)
    label: str  # "Thông cáo về <label> …"
    field: str | None = None  # Subscription's foreign key to the topic's object; None: every release
    article_path: str | None = None  # from Article to the topic's objects (a foreign key or many-to-many)
    document_path: str | None = None  # from Document to the topic's objects: the kind announces documents
    heading: str = "Thông cáo về {label} {object}"  # the topic as pages and emails name it

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
SECTION = TopicKind("chuyen-muc", "chuyên mục", field="section", article_path="sections")
ARTICLE_TYPE = TopicKind("loai-tin", "loại tin", field="article_type", article_path="article_type")
DOCUMENT_TYPE = TopicKind(
    "loai-van-ban",
    "loại văn bản",
    field="document_type",
    document_path="document_type",
    heading="Văn bản mới: {object}",
)

KINDS: dict[str, TopicKind] = {
    kind.key: kind for kind in (ALL, AGENCY, PROGRAMME, OFFICIAL, SECTION, ARTICLE_TYPE, DOCUMENT_TYPE)
}
CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]
# Subscription's foreign keys to the topics' objects.
FIELDS: tuple[str, ...] = tuple(kind.field for kind in KINDS.values() if kind.field)


def matching(item: Article | Document) -> Q:
    """The subscriptions an article answers (every-release ones, those of its agency, programmes, officials,
    sections, type), or a document (those of its type)."""
    is_article = isinstance(item, Article)
    condition = Q(kind=ALL.key) if is_article else Q(pk__in=[])
    for kind in KINDS.values():
        path = kind.article_path if is_article else kind.document_path
        if kind.field is None or path is None:
            continue
        found = type(item)._default_manager.filter(pk=item.pk).values_list(path, flat=True)
        ids = [pk for pk in found if pk]
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
    return kind.heading.format(label=kind.label, object=obj)

"""A JSON Lines archive of the newsroom that a person can read and the site can be rebuilt from.

One JSON object per line, each with a "type": first a header, then the accounts that wrote
articles, the directory (agencies, officials, appointments, programmes) and every article with
its links. Links are written as natural keys (slugs, programme codes, user names), never as
database ids, so the archive means the same thing in any database. Records are sorted, and
the archive carries no timestamp of its own: the same content always gives the same bytes.

Besides the newsroom and the documents register, it carries what editors write elsewhere: spokespersons
(articles/press), English versions of articles (articles/english), the pages (articles/pages), the site settings
and main menu (articles/site), and the edits of published articles still waiting for review (their text included,
links written as natural keys). Every model of every installed app is either a section here or named in
`NOT_ARCHIVED` with its reason (tests/test_export.py checks it). Subscribers to the email alerts, their
subscriptions and consent records are personal data: they are not in this archive (see `NOT_ARCHIVED`).

Model fields are picked up by introspection: a new plain field on a model is archived and
restored without touching this module. A new foreign key or many-to-many field must be named
in its section (`references`, `many`) or in `exclude`; `archived_fields` refuses to guess.
Uploaded files (pictures, documents' files, the emblem, pictures in rich text) are archived by their
storage name; `export_articles --media DIR` also copies every file the archive names into DIR, and
`restore_articles --media DIR` puts them back under the same names (articles/backup/media.py).
"""

from __future__ import annotations

import builtins
import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models.functions import Collate

from articles.documents.models import (
    Document,
    DocumentField,
    DocumentFile,
    DocumentMention,
    DocumentRelation,
    DocumentType,
    NumberSuggestion,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
)
from articles.english.models import EnglishVersion
from articles.legacy.models import LegacyImport
from articles.newsroom.models import (
    Agency,
    Appointment,
    Article,
    ArticleSlug,
    ArticleType,
    EditorMembership,
    LiveEdit,
    Official,
    Programme,
)
from articles.newsroom.models import Section as ArticleSection
from articles.pages.models import Page
from articles.press.models import Spokesperson
from articles.site.models import MenuItem, SiteSettings

ARCHIVE_FORMAT = 1


class SupportsWrite(Protocol):
    def write(self, text: str, /) -> Any: ...


class ArchiveError(Exception):
    """An archive that cannot be restored; the message is for the operator, in Vietnamese."""


@dataclass(frozen=True)
class Section:
    type: str
    model: builtins.type[models.Model]
    # The field that names a record in other records' links (None: nothing links to it).
    key: str | None
    order_by: tuple[str, ...]
    # Foreign keys: field name -> record type of the target (written as the target's key).
    references: dict[str, str] = field(default_factory=dict)
    # Many-to-many fields: field name -> record type of the targets (a sorted list of keys).
    many: dict[str, str] = field(default_factory=dict)
    # Fields that are not content (derived, secret or per-database).
    exclude: frozenset[str] = frozenset()
    # When set, only these plain fields (accounts: no passwords, no permissions).
    only: tuple[str, ...] | None = None
    prefetch: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    # Rows the migrations create (document types, fields): a record whose key exists is merged into that row.
    seeded: bool = False
    # Rows the migrations create without a key of their own (the site settings, the default menu): the archive's
    # records replace them all, once the archive has at least one record of the type.
    replaces_seeded: bool = False
    # JSON fields holding database ids (a live edit's `data`): field name -> {key in the JSON -> record type}.
    # An id (or a list of ids) is written as the target's key (or a sorted list of keys) and read back as ids.
    json_links: dict[str, dict[str, str]] = field(default_factory=dict)
    # JSON fields naming uploaded files: field name -> the keys in the JSON that hold a storage name.
    json_files: dict[str, tuple[str, ...]] = field(default_factory=dict)


def sections() -> list[Section]:
    """The archive's record types, in the order they are written and restored."""
    return [
        Section(
            type="user",
            model=get_user_model(),
            key="username",
            order_by=("username",),
            only=("username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"),
        ),
        Section(
            type="agency",
            model=Agency,
            key="slug",
            order_by=("slug",),
            references={"parent": "agency", "superseded_by": "agency"},
            select=("parent", "superseded_by"),
        ),
        Section(
            type="membership",
            model=EditorMembership,
            key=None,
            order_by=("user__username", "agency__slug"),
            references={"user": "user", "agency": "agency"},
            select=("user", "agency"),
        ),
        Section(type="official", model=Official, key="slug", order_by=("slug",)),
        Section(
            type="appointment",
            model=Appointment,
            key=None,
            order_by=("official__slug", "agency__slug", "start_date", "title", "end_date", "order"),
            references={"official": "official", "agency": "agency"},
            select=("official", "agency"),
        ),
        Section(
            type="programme",
            model=Programme,
            key="code",
            order_by=("code",),
            references={"issuing_agency": "agency"},
            select=("issuing_agency",),
        ),
        Section(type="section", model=ArticleSection, key="slug", order_by=("slug",)),
        # Seeded by migration 0019 (the usual types): merged by slug on a restore.
        Section(type="article_type", model=ArticleType, key="slug", order_by=("slug",), seeded=True),
        Section(
            type="article",
            model=Article,
            key="slug",
            order_by=("published_at", "slug"),
            references={
                "agency": "agency",
                "article_type": "article_type",
                "created_by": "user",
                "updated_by": "user",
                "submitted_by": "user",
            },
            many={
                "officials": "official",
                "programmes": "programme",
                "related": "article",
                "mentioned_agencies": "agency",
                "sections": "section",
            },
            select=("agency", "article_type", "created_by", "updated_by", "submitted_by"),
            prefetch=("officials", "programmes", "related", "mentioned_agencies", "sections"),
            # Search columns, derived from the text by Article.save() (articles/search_columns.py).
            exclude=frozenset({"body_text", "search_folded", "search_marked", "search_vector"}),
        ),
        # Former addresses of articles, which keep redirecting to the current one.
        Section(
            type="old_slug",
            model=ArticleSlug,
            key=None,
            order_by=("slug",),
            references={"article": "article"},
            select=("article",),
        ),
        # Edits of published articles: their public correction notes ("Cập nhật lúc …") and the edits still waiting
        # for review, with their text. The text (`data`, articles/newsroom/live_edits.py) names its links by database
        # id: the archive writes them as natural keys and the restore turns them back into the new database's ids.
        Section(
            type="live_edit",
            model=LiveEdit,
            key=None,
            order_by=("article__slug", "proposed_at"),
            references={"article": "article", "proposed_by": "user", "reviewed_by": "user"},
            select=("article", "proposed_by", "reviewed_by"),
            json_links={
                "data": {
                    "agency_id": "agency",
                    "officials": "official",
                    "programmes": "programme",
                    "related": "article",
                    "mentioned_agencies": "agency",
                }
            },
            json_files={"data": ("cover",)},
        ),
        # What the legacy import last wrote, so that importing the old portal again after a restore
        # still tells unchanged articles from editors' edits (articles/importing.py).
        Section(
            type="legacy_import",
            model=LegacyImport,
            key=None,
            order_by=("article__slug",),
            references={"article": "article", "filed_agency": "agency"},
            select=("article", "filed_agency"),
        ),
        # The documents register (articles/documents/), after everything its records point to: types and fields
        # (seeded by the migrations, so merged by key), documents with their files (by storage name, as pictures),
        # relations, the articles that name them, numbers waiting for a document, programmes' targets and reports.
        Section(type="document_type", model=DocumentType, key="slug", order_by=("slug",), seeded=True),
        Section(type="document_field", model=DocumentField, key="slug", order_by=("slug",), seeded=True),
        Section(
            type="document",
            model=Document,
            key="slug",
            order_by=("slug",),
            references={
                "document_type": "document_type",
                "agency": "agency",
                "signer": "official",
                "field": "document_field",
                "programme": "programme",
                "submitted_by": "user",
                "created_by": "user",
                "updated_by": "user",
            },
            many={"joint_agencies": "agency"},
            select=(
                "document_type",
                "agency",
                "signer",
                "field",
                "programme",
                "submitted_by",
                "created_by",
                "updated_by",
            ),
            prefetch=("joint_agencies",),
            # Derived by Document.save() from the number and the text; the mentions are their own section.
            exclude=frozenset({"search_folded", "mentioned_in"}),
        ),
        Section(
            type="document_file",
            model=DocumentFile,
            key=None,
            order_by=("document__slug", "order", "file"),
            references={"document": "document"},
            select=("document",),
        ),
        Section(
            type="document_relation",
            model=DocumentRelation,
            key=None,
            order_by=("source__slug", "kind", "target__slug"),
            references={"source": "document", "target": "document"},
            select=("source", "target"),
        ),
        Section(
            type="document_mention",
            model=DocumentMention,
            key=None,
            order_by=("document__slug", "article__slug"),
            references={"document": "document", "article": "article"},
            select=("document", "article"),
        ),
        Section(
            type="number_suggestion",
            model=NumberSuggestion,
            key=None,
            order_by=("article__slug", "number_key"),
            references={"article": "article"},
            select=("article",),
        ),
        Section(
            type="programme_target",
            model=ProgrammeTarget,
            key="uid",
            order_by=("programme__code", "order", "name", "uid"),
            references={"programme": "programme"},
            select=("programme",),
        ),
        Section(
            type="progress_report",
            model=ProgressReport,
            key="uid",
            order_by=("programme__code", "year", "period"),
            references={"programme": "programme", "document": "document"},
            select=("programme", "document"),
        ),
        Section(
            type="reported_value",
            model=ReportedValue,
            key=None,
            order_by=("report__uid", "target__uid"),
            references={"report": "progress_report", "target": "programme_target"},
            select=("report", "target"),
        ),
        # The portal's identity and main menu (articles/site): the migration writes a first record and a default
        # menu, which the archived ones replace. A menu item's link to the one settings record is implied.
        Section(type="site_settings", model=SiteSettings, key=None, order_by=("id",), replaces_seeded=True),
        Section(
            type="menu_item",
            model=MenuItem,
            key=None,
            order_by=("order", "label", "url", "section__slug"),
            references={"section": "section"},
            select=("section",),
            exclude=frozenset({"settings"}),
            replaces_seeded=True,
        ),
        # Pages editors write (articles/pages): the migration creates the five kinds, merged by kind.
        Section(
            type="page",
            model=Page,
            key="kind",
            order_by=("kind",),
            references={"submitted_by": "user", "created_by": "user", "updated_by": "user"},
            select=("submitted_by", "created_by", "updated_by"),
            seeded=True,
        ),
        # English versions of articles (articles/english), with their own workflow fields.
        Section(
            type="english_version",
            model=EnglishVersion,
            key=None,
            order_by=("article__slug",),
            references={"article": "article", "submitted_by": "user", "created_by": "user", "updated_by": "user"},
            select=("article", "submitted_by", "created_by", "updated_by"),
        ),
        # Spokespersons and information officers of agencies (articles/press).
        Section(
            type="spokesperson",
            model=Spokesperson,
            key=None,
            order_by=("agency__slug", "role", "start_date", "official__slug"),
            references={"agency": "agency", "official": "official"},
            select=("agency", "official"),
        ),
    ]


# Models of every installed app that the archive leaves out on purpose, by label, with the reason.
# tests/test_export.py fails when a model is neither archived nor listed here.
NOT_ARCHIVED: dict[str, str] = {
    # The newsroom (label `articles`) and the documents register.
    "articles.WorkflowEvent": "the audit log is history, not content; pg_dump keeps it (as it keeps revisions)",
    "articles.StoredPicture": "about media files, not content: uploaders' file names and digests; pg_dump keeps it",
    "articles.MediaRedirect": "old media addresses, kept with the media; pg_dump keeps it",
    "articles.ArticleMissingPictures": "a proxy of Article (the admin's list of articles still missing pictures)",
    "documents.DocumentEvent": "the documents' audit log is history, not content; pg_dump keeps it",
    "documents.ProgrammeReporting": "a proxy of Programme (the editors' view of results): no rows of its own",
    # Email alerts (articles/alerts). Subscribers' addresses, subscriptions and consent records are personal data
    # (Decree 13/2023/NĐ-CP): they stay out of an archive meant to be read and handed to other systems. The consent
    # records must be kept as long as the subscriptions: pg_dump (docs/deploy.md, every night) is their backup.
    "alerts.Subscriber": "personal data (email addresses), not content; pg_dump keeps it with its consents",
    "alerts.Subscription": "personal data (what a person follows), not content; pg_dump keeps it",
    "alerts.Consent": "personal data (consent records with IP addresses), not content; pg_dump keeps it",
    "alerts.SubscribeAttempt": "rate-limit bookkeeping (hashed addresses), kept for hours only",
    "alerts.Announcement": "the sending log (which articles were emailed), history, not content",
    "alerts.Delivery": "the outbox of emails to subscribers, history, not content",
    "alerts.StaffNotification": "the outbox of emails to staff, history, not content",
    "alerts.StaffAlertSetting": "a staff account's preference, like the permissions the archive leaves out",
    # Django and the libraries.
    "admin.LogEntry": "the admin's history, not content; pg_dump keeps it",
    "auth.Permission": "created by migrate from the models",
    "auth.Group": "roles and their permissions come from the migrations; restored accounts start without any",
    "contenttypes.ContentType": "created by migrate from the models",
    "sessions.Session": "logged-in sessions, never content",
    "reversion.Revision": "history; a restore starts it again with one revision per item",
    "reversion.Version": "history; a restore starts it again with one revision per item",
    "axes.AccessAttempt": "login throttling records, security bookkeeping",
    "axes.AccessAttemptExpiration": "login throttling records, security bookkeeping",
    "axes.AccessFailureLog": "login failure log, security bookkeeping",
    "axes.AccessLog": "login log, security bookkeeping",
}


def archived_fields(section: Section) -> list[models.Field]:
    """The section's plain (non-relation) fields, checking that every relation is accounted for."""
    plain = []
    for model_field in section.model._meta.concrete_fields:
        name = model_field.name
        if model_field.primary_key or name in section.exclude or getattr(model_field, "generated", False):
            continue
        if model_field.is_relation:
            if name not in section.references:
                raise ArchiveError(f"{section.model.__name__}.{name} is a link the archive does not know how to write")
            continue
        if section.only is None or name in section.only:
            plain.append(model_field)
    for m2m in section.model._meta.many_to_many:
        if m2m.name not in section.many and m2m.name not in section.exclude and section.only is None:
            raise ArchiveError(f"{section.model.__name__}.{m2m.name} is a link the archive does not know how to write")
    return plain


# --- Export ------------------------------------------------------------------------------


def dump_value(model_field: models.Field, value: Any) -> Any:
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if value is None or isinstance(model_field, models.JSONField):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def natural_key(section: Section, obj: models.Model | None) -> Any:
    if obj is None or section.key is None:
        return None
    key = getattr(obj, section.key)
    return str(key) if isinstance(key, UUID) else key


# Byte order for text, so that an export sorts the same on SQLite and on PostgreSQL whatever the
# database's locale (en_US collation, for one, ignores the hyphens in slugs).
BINARY_COLLATIONS = {"postgresql": "C", "sqlite": "BINARY", "mysql": "utf8mb4_bin"}


def archive_order(section: Section, alias: str) -> list[Any]:
    collation = BINARY_COLLATIONS.get(connections[alias].vendor)
    order = []
    for path in section.order_by:
        target: Any = section.model
        for part in path.split("__")[:-1]:
            target = target._meta.get_field(part).related_model
        model_field = target._meta.get_field(path.split("__")[-1])
        is_text = isinstance(model_field, models.CharField | models.TextField)
        order.append(Collate(path, collation) if collation and is_text else path)
    return order


@dataclass
class KeysByPk:
    """Natural keys of each record type by database id, read once per type when a JSON field needs them."""

    by_type: dict[str, Section]
    read: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def key(self, target_type: str, pk: Any) -> Any:
        if target_type not in self.read:
            target = self.by_type[target_type]
            rows = target.model._default_manager.values_list("pk", str(target.key))
            self.read[target_type] = {row_pk: str(key) if isinstance(key, UUID) else key for row_pk, key in rows}
        return self.read[target_type].get(pk)


def dump_json_links(value: Any, links: dict[str, str], keys: KeysByPk) -> Any:
    """A JSON field's ids as natural keys (ids of rows deleted since are dropped)."""
    if not isinstance(value, dict):
        return value
    dumped = dict(value)
    for name, target_type in links.items():
        if name not in dumped:
            continue
        linked = dumped[name]
        if isinstance(linked, list):
            dumped[name] = sorted(key for key in (keys.key(target_type, pk) for pk in linked) if key is not None)
        elif linked is not None:
            dumped[name] = keys.key(target_type, linked)
    return dumped


def archive_records() -> Iterator[dict[str, Any]]:
    """Every record of the archive, in order."""
    yield {"type": "archive", "format": ARCHIVE_FORMAT}
    by_type = {section.type: section for section in sections()}
    keys = KeysByPk(by_type=by_type)
    for section in by_type.values():
        plain = archived_fields(section)
        queryset = section.model._default_manager.all()
        queryset = queryset.order_by(*archive_order(section, queryset.db))
        if section.select:
            queryset = queryset.select_related(*section.select)
        if section.prefetch:
            queryset = queryset.prefetch_related(*section.prefetch)
        for obj in queryset.iterator(chunk_size=500):
            record: dict[str, Any] = {"type": section.type}
            if section.key:
                record[section.key] = natural_key(section, obj)
            for name, target_type in section.references.items():
                record[name] = natural_key(by_type[target_type], getattr(obj, name))
            for name, target_type in section.many.items():
                target = by_type[target_type]
                record[name] = sorted(natural_key(target, linked) for linked in getattr(obj, name).all())
            for model_field in plain:
                record.setdefault(model_field.name, dump_value(model_field, model_field.value_from_object(obj)))
            for name, links in section.json_links.items():
                record[name] = dump_json_links(record.get(name), links, keys)
            yield record


def export_archive(stream: SupportsWrite, *, seen: Callable[[dict[str, Any]], None] | None = None) -> int:
    """Writes the archive to `stream`; returns the number of articles written. `seen` is called with each record
    (articles/backup/media.py collects the files they name)."""
    articles = 0
    for record in archive_records():
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        articles += record["type"] == "article"
        if seen is not None:
            seen(record)
    return articles

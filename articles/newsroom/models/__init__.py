"""The newsroom's data: the shared directory, articles, and who works on them."""

from articles.newsroom.models.article import (
    ORPHAN_FIGURE,
    Article,
    ArticleMissingPictures,
    ArticleQuerySet,
    ArticleSlug,
)
from articles.newsroom.models.directory import (
    PROGRAMME_CODE_RE,
    Agency,
    Appointment,
    AppointmentQuerySet,
    Official,
    Programme,
)
from articles.newsroom.models.live_edit import LiveEdit, LiveEditQuerySet
from articles.newsroom.models.media import MediaRedirect, StoredPicture
from articles.newsroom.models.reviewed import ReviewedText
from articles.newsroom.models.staff import EditorMembership, WorkflowEvent
from articles.newsroom.models.taxonomy import ArticleType, Section

__all__ = [
    "PROGRAMME_CODE_RE",
    "Agency",
    "Appointment",
    "AppointmentQuerySet",
    "ORPHAN_FIGURE",
    "Article",
    "ArticleMissingPictures",
    "ArticleQuerySet",
    "ArticleSlug",
    "ArticleType",
    "EditorMembership",
    "LiveEdit",
    "LiveEditQuerySet",
    "MediaRedirect",
    "Official",
    "Programme",
    "ReviewedText",
    "Section",
    "StoredPicture",
    "WorkflowEvent",
]

"""Who may do what to which article: roles (groups and permissions) and agencies (memberships).

Superusers and holders of `articles.access_all_agencies` (site administrators) work with every agency;
everyone else only with the agencies of their memberships.
"""

from __future__ import annotations

from django.db.models import QuerySet

from articles.newsroom.models import Agency, Article, ArticleQuerySet

WRITERS = "Biên tập viên"
APPROVERS = "Người duyệt"
SITE_ADMINS = "Quản trị trang"

# Statuses whose text each kind of user may still change in the form; workflow steps are separate. A published
# article's changes wait for review as its edit (articles/newsroom/live_edits.py): readers keep the published text.
WRITER_EDITABLE = {Article.Status.DRAFT, Article.Status.PUBLISHED}
APPROVER_EDITABLE = {Article.Status.DRAFT, Article.Status.SUBMITTED, Article.Status.PUBLISHED}


def works_for_all_agencies(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("articles.access_all_agencies")))


def agencies_of(user) -> QuerySet[Agency]:
    if works_for_all_agencies(user):
        return Agency.objects.all()
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def agency_ids_of(user) -> set[int] | None:
    """The user's agency ids, or None for all agencies. Cached on the user object for one request."""
    if works_for_all_agencies(user):
        return None
    cached = getattr(user, "_toasoan_agency_ids", None)
    if cached is None:
        cached = set(agencies_of(user).values_list("pk", flat=True))
        user._toasoan_agency_ids = cached
    return cached


def can_access_agency(user, agency_id: int | None) -> bool:
    ids = agency_ids_of(user)
    return ids is None or agency_id in ids


def articles_for(user) -> ArticleQuerySet:
    """The articles a staff user may see in the admin."""
    ids = agency_ids_of(user)
    return Article.objects.all() if ids is None else Article.objects.filter(agency_id__in=ids)


def linkable_articles_for(user) -> QuerySet[Article]:
    """Articles a user may choose as related: their agencies' articles and any public article."""
    ids = agency_ids_of(user)
    if ids is None:
        return Article.objects.all()
    # The two conditions OR-ed in one WHERE (no subquery over the public articles): fast with 100 000 articles.
    return Article.objects.filter(agency_id__in=ids) | Article.objects.published()


def editable_statuses(user) -> set[str]:
    if user.is_superuser:
        return set(Article.Status.values)
    if user.has_perm("articles.approve_article"):
        return set(APPROVER_EDITABLE)
    return set(WRITER_EDITABLE)


def can_change(user, article: Article) -> bool:
    return (
        user.has_perm("articles.change_article")
        and can_access_agency(user, article.agency_id)
        and article.status in editable_statuses(user)
    )


def can_upload(user) -> bool:
    """Pictures for article bodies: staff who write articles for at least one agency."""
    if not (user.is_active and user.is_staff):
        return False
    if not (user.has_perm("articles.add_article") or user.has_perm("articles.change_article")):
        return False
    ids = agency_ids_of(user)
    return ids is None or bool(ids)

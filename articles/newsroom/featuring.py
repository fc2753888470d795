"""Featuring and pinning stories on the front page: the one write. Which stories are featured now is
`Article.objects.featured_now()`; the front page's layout is articles/public/front_page.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.newsroom import rights
from articles.newsroom.models import Article, ArticleType, Section


def set_feature(*, articles: Iterable[Article], feature: str, until: datetime.datetime | None, by) -> int:
    """Feature, pin or unfeature the articles, until the given time if any; returns how many changed.

    The end needs no clock job: `featured_now()` compares it with the current time and the page cache keeps
    no page past it. Saved through `save()`, so cached pages go stale at once.
    """
    if not by.has_perm("articles.feature_article"):
        raise PermissionDenied("Bạn không có quyền đưa bài lên trang chủ.")
    if feature not in Article.Feature.values:
        raise ValidationError("Lựa chọn không hợp lệ.")
    if feature == Article.Feature.NONE:
        until = None
    elif until is not None and until <= timezone.now():
        raise ValidationError("Thời điểm kết thúc phải ở sau thời điểm hiện tại.")
    changed = 0
    with transaction.atomic():
        for article in articles:
            if (article.feature, article.feature_until) == (feature, until):
                continue
            article.feature, article.feature_until = feature, until
            article.save(update_fields=["feature", "feature_until"])
            changed += 1
    return changed


def file_article(
    *,
    article: Article,
    article_type: ArticleType | None,
    sections: Iterable[Section],
    feature: str,
    until: datetime.datetime | None,
    date_only: bool,
    by,
) -> None:
    """How the article is filed for readers (its type, sections, date shown alone) and featured on the front page,
    all or nothing. Not an edit of its text: it applies at once, also to a published article (an edit of a published
    article's text waits for review, articles/newsroom/live_edits.py)."""
    if not (by.has_perm("articles.change_article") and rights.can_access_agency(by, article.agency_id)):
        raise PermissionDenied("Bạn không có quyền xếp chuyên mục cho bài này.")
    if (feature, until) != (article.feature, article.feature_until):
        set_feature(articles=[], feature=feature, until=until, by=by)  # checks the right and the end time only
    with transaction.atomic():
        article.article_type = article_type or ArticleType.objects.default()
        article.feature, article.feature_until = feature, (None if feature == Article.Feature.NONE else until)
        article.date_only = date_only
        article.save(update_fields=["article_type", "feature", "feature_until", "date_only"])
        article.sections.set(list(sections))

"""Articles: the rule for what is public, derived search columns, old slugs."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from typing import Any, ClassVar

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import FilteredRelation, Min, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import figures, search_columns
from articles.newsroom.figures import with_placeholder_pictures
from articles.newsroom.models.directory import Agency, Appointment, Official, Programme
from articles.newsroom.models.taxonomy import ArticleType, Section
from articles.newsroom.sanitize import clean_html, plain_text
from articles.newsroom.text import unique_slug
from articles.newsroom.uploads import validate_picture

# A figure holding a caption but no picture, as bodies were written before the placeholder picture
# (articles/newsroom/figures.py); `missing_pictures` finds both.
ORPHAN_FIGURE = r"<figure[^>]*>\s*<figcaption"


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """The one read rule for the public: published and dated no later than now."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def readable(self) -> ArticleQuerySet:
        """What an article page may show: the public articles, and withdrawn ones with their notice.

        Only the article page and its permanent address use this; lists, feeds, search and the sitemap use
        `published()`.
        """
        return self.published() | self.filter(status=Article.Status.WITHDRAWN)

    def scheduled(self) -> ArticleQuerySet:
        """Approved for a minute that has not come yet."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def featured_now(self) -> ArticleQuerySet:
        """Public articles an editor featured or pinned whose featuring has not ended (no clock job: the end
        time is compared here, and the page cache keeps no page past it, see articles/pagecache/store.py)."""
        now = timezone.now()
        return (
            self.published()
            .exclude(feature=Article.Feature.NONE)
            .filter(Q(feature_until__isnull=True) | Q(feature_until__gt=now))
        )

    def next_unwritten_change(self) -> datetime.datetime | None:
        """The next moment what readers see changes without anything being written: a scheduled article's minute
        comes, or a featuring ends. One query, each branch of its OR on an index (`article_public_order`,
        `article_featured`); pages are not kept past it (articles/pagecache/store.py)."""
        now = timezone.now()
        comes = Q(published_at__gt=now)
        ends = ~Q(feature=Article.Feature.NONE) & Q(feature_until__gt=now)
        moments = (
            self.filter(status=Article.Status.PUBLISHED)
            .filter(comes | ends)
            .aggregate(publication=Min("published_at", filter=comes), featuring_end=Min("feature_until", filter=ends))
        )
        return min(filter(None, moments.values()), default=None)

    def next_unwritten_change_subqueries(self) -> dict[str, Subquery]:
        """The two moments of `next_unwritten_change` as scalar subqueries, for a query every page runs anyway (the
        site settings with the menu, articles/site/context.py): rendering a page then asks no query of its own for
        how long it may be kept."""
        now = timezone.now()
        public = self.filter(status=Article.Status.PUBLISHED)
        publication = public.filter(published_at__gt=now).order_by("published_at").values("published_at")[:1]
        featuring_end = (
            public.exclude(feature=Article.Feature.NONE)
            .filter(feature_until__gt=now)
            .order_by("feature_until")
            .values("feature_until")[:1]
        )
        return {"next_publication": Subquery(publication), "next_featuring_end": Subquery(featuring_end)}

    def missing_pictures(self) -> ArticleQuerySet:
        """Articles whose body names a picture the old export did not send (articles/newsroom/figures.py)."""
        return self.filter(Q(body__contains=figures.MISSING_PICTURE_SRC) | Q(body__regex=ORPHAN_FIGURE))

    def for_listing(self) -> ArticleQuerySet:
        return self.select_related("agency").only(
            "title",
            "slug",
            "lead",
            "cover",
            "cover_alt",
            "cover_width",
            "cover_height",
            "published_at",
            "date_only",
            "agency__name",
            "agency__name_en",
            "agency__slug",
        )


class Article(models.Model):
    class Feature(models.TextChoices):
        NONE = "", "Không"
        FEATURED = "featured", "Tin nổi bật"
        PINNED = "pinned", "Ghim làm tin chính"

    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"
        WITHDRAWN = "withdrawn", "Đã gỡ"
        ARCHIVED = "archived", "Lưu trữ"

    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    lead = models.TextField("sapo", blank=True, help_text="Đoạn tóm tắt in đậm dưới tiêu đề.")
    body = RichTextUploadingField("nội dung", blank=True)
    cover = models.ImageField(
        "ảnh đại diện",
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[validate_picture],
        help_text="Ảnh JPEG, PNG, WebP hoặc GIF, tối đa 20 MB và 40 megapixel.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        "mô tả ảnh cho người khiếm thị",
        max_length=300,
        blank=True,
        help_text="Điều người xem thấy trong ảnh, cho người dùng trình đọc màn hình (thuộc tính alt).",
    )
    cover_caption = models.CharField("chú thích ảnh", max_length=500, blank=True)
    published_at = models.DateTimeField("ngày giờ đăng", default=timezone.now, db_index=True)
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="articles")
    officials = models.ManyToManyField(
        Official, verbose_name="cán bộ được nhắc đến", blank=True, related_name="articles"
    )
    programmes = models.ManyToManyField(Programme, verbose_name="chương trình", blank=True, related_name="articles")
    related = models.ManyToManyField(
        "self", verbose_name="bài liên quan", blank=True, symmetrical=False, related_name="related_from"
    )
    mentioned_agencies = models.ManyToManyField(
        Agency, verbose_name="cơ quan được nhắc đến", blank=True, related_name="mentioned_in"
    )
    related_titles = models.JSONField(
        "tên bài liên quan (cổng cũ)",
        default=list,
        blank=True,
        editable=False,
        help_text="Tên các bài liên quan ghi trong bài nhập từ cổng cũ; tên chưa có bài tương ứng hiện dạng chữ.",
    )
    source = models.CharField("nguồn", max_length=255, blank=True)
    article_type = models.ForeignKey(
        ArticleType,
        verbose_name="loại tin",
        null=True,  # articles written before types existed got one in migration 0016; the form requires one
        on_delete=models.PROTECT,
        related_name="articles",
    )
    sections = models.ManyToManyField(Section, verbose_name="chuyên mục", blank=True, related_name="articles")
    feature = models.CharField(
        "nổi bật trên trang chủ",
        max_length=10,
        choices=Feature.choices,
        default=Feature.NONE,
        blank=True,
        help_text="Tin ghim đứng đầu trang chủ; tin nổi bật đứng ngay sau.",
    )
    feature_until = models.DateTimeField(
        "nổi bật đến", null=True, blank=True, help_text="Để trống nếu không hẹn giờ kết thúc (giờ Hà Nội)."
    )
    date_only = models.BooleanField(
        "chỉ ghi ngày đăng",
        default=False,
        help_text="Bài của cổng cũ chỉ ghi ngày, không ghi giờ: trang bài viết không hiện giờ.",
    )
    legacy_id = models.CharField(
        "mã bài trên cổng cũ", max_length=100, unique=True, null=True, blank=True, editable=False
    )
    # No index of its own: `article_public_order` and `article_agency_order` lead with it (fewer indexes to update
    # on every write, see docs/import.md).
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa cuối",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("ngày sửa cuối", auto_now=True)
    # Derived search columns, maintained by save() (see articles/search_columns.py).
    body_text = models.TextField("nội dung dạng chữ", blank=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)
    search_marked = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # Optimistic locking: every save and every workflow step adds one; a save that started from an
    # older number is refused (see articles/newsroom/services.py).
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi duyệt",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("ngày gửi duyệt", null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField("lý do gỡ bài", blank=True, editable=False)
    withdrawn_at = models.DateTimeField("ngày gỡ bài", null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    # How the workflow's messages name one article (articles/newsroom/workflow.py).
    workflow_noun: ClassVar[str] = "bài"

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-published_at", "-id"]
        indexes = [
            # The public lists' exact order; deep pages find their ids with an index-only scan.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_order"),
            # An agency's page: its count is an index-only scan and page 1 the first 20 entries.
            models.Index(fields=["agency", "status", "-published_at", "-id"], name="article_agency_order"),
            # An official's or programme's page counts its articles through the link table: each link's
            # article is checked for being public in this index alone (PostgreSQL; elsewhere a plain index).
            models.Index(fields=["id"], include=["status", "published_at"], name="article_public_by_id"),
            # The few featured or pinned articles: the front page's lead and when their featuring ends.
            models.Index(fields=["feature_until"], condition=~Q(feature=""), name="article_featured"),
        ]
        permissions = [
            ("submit_article", "Gửi bài để duyệt"),
            ("approve_article", "Duyệt bài hoặc trả lại bài"),
            ("publish_article", "Đăng lại bài, đổi giờ đăng"),
            ("withdraw_article", "Gỡ bài đã đăng"),
            ("archive_article", "Đưa bài vào lưu trữ"),
            ("preview_article", "Tạo liên kết xem trước"),
            ("access_all_agencies", "Làm việc với bài của mọi cơ quan"),
            ("feature_article", "Đưa bài lên tin nổi bật hoặc ghim trên trang chủ"),
        ]

    def __str__(self) -> str:
        return self.title

    # The status as last read from or written to the database: whether a save changes what readers see
    # depends on it too (articles/pagecache/invalidation.py).
    loaded_status: str | None = None

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        derived = self.prepare_to_save(using=using, update_fields=update_fields)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        vectors_in_sql = "search_vector" in derived
        old_slug = self._stored_slug()
        try:
            super().save(*args, **kwargs)
        finally:
            if vectors_in_sql:
                # The attributes hold SQL expressions now; leave them deferred, as a fresh load would.
                del self.search_vector
        self.loaded_status = self.status
        if old_slug and old_slug != self.slug:
            ArticleSlug.objects.update_or_create(slug=old_slug, defaults={"article": self})

    def get_absolute_url(self) -> str:
        return reverse("public:article_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Article:
        article = super().from_db(db, field_names, values)
        article.loaded_status = article.__dict__.get("status")
        return article

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self.loaded_status = self.__dict__.get("status")

    def get_permanent_url(self) -> str:
        """A URL that never changes: it redirects to the article's current address."""
        return reverse("public:article_permalink", kwargs={"pk": self.pk})

    def get_print_url(self) -> str:
        return reverse("public:article_print", kwargs={"slug": self.slug})

    def prepare_to_save(self, *, using: str, update_fields: Iterable[str] | None = None) -> set[str]:
        """What `save()` does before it writes: sanitise, give a slug, and fill the derived search columns.

        Returns the names of the derived columns filled (none when `update_fields` leaves the text alone). On
        PostgreSQL the vectors are SQL expressions, so that they are computed inside the INSERT or UPDATE.
        """
        self.sanitize()
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.legacy_id == "":
            self.legacy_id = None
        if update_fields is not None and not {"title", "lead", "body"} & set(update_fields):
            return set()
        self.body_text = search_columns.body_text(self.body)
        self.search_folded = search_columns.folded_document(self.title, self.lead, self.body_text)
        self.search_marked = search_columns.marked_words(self.title, self.lead, self.body_text)
        if not search_columns.is_postgresql(connections[using]):
            return {"body_text", "search_folded", "search_marked"}
        self.search_vector = search_columns.vector_expression(self.title, self.lead, self.body_text)
        return {"body_text", "search_folded", "search_marked", "search_vector"}

    def _stored_slug(self) -> str | None:
        if self.pk is None or self._state.adding:
            return None
        return type(self)._default_manager.filter(pk=self.pk).values_list("slug", flat=True).first()

    def clean(self) -> None:
        super().clean()
        if self.cover and not (self.cover_alt or "").strip():
            raise ValidationError(
                {"cover_alt": "Hãy nhập mô tả ảnh cho người khiếm thị cho ảnh đại diện, để họ biết ảnh nói gì."}
            )

    def sanitize(self) -> None:
        """Rich text through the allow-list, everything else as plain text (articles/sanitize.py)."""
        self.body = with_placeholder_pictures(clean_html(self.body))
        for field in ("title", "lead", "cover_alt", "cover_caption", "source", "withdrawn_reason"):
            setattr(self, field, plain_text(getattr(self, field)))

    def officials_with_titles_then(self, officials: models.QuerySet[Official] | None = None) -> list[Official]:
        """The officials the article mentions (or `officials`: an edit's, in its preview), by name, each with
        `appointments_then`: the titles held on the article's day (in appointment order). One query: a LEFT JOIN
        on the appointments held then.
        """
        day = self.local_date
        held = Q(appointments__start_date__lte=day) & (
            Q(appointments__end_date__isnull=True) | Q(appointments__end_date__gte=day)
        )
        rows = (
            (self.officials.all() if officials is None else officials)
            .annotate(held=FilteredRelation("appointments", condition=held))
            .order_by("full_name", "pk", "held__order", "-held__start_date")
            .values_list("pk", "full_name", "slug", "held__pk", "held__title", "held__title_en")
        )
        found: dict[int, Official] = {}
        for pk, full_name, slug, appointment_pk, title, title_en in rows:
            official = found.get(pk)
            if official is None:
                official = found[pk] = Official(pk=pk, full_name=full_name, slug=slug)
                official.appointments_then = []
            if appointment_pk is not None:
                official.appointments_then.append(
                    Appointment(pk=appointment_pk, official_id=pk, title=title, title_en=title_en)
                )
        return list(found.values())

    @property
    def local_date(self) -> datetime.date:
        """The article's day in Hanoi, the day whose titles it shows."""
        return timezone.localtime(self.published_at).date()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


# Every save of an article keeps a revision (django-reversion). The ids of its many-to-many links
# (officials, programmes, related articles) are part of each revision, so a restore brings them back.
reversion.register(Article)


class ArticleSlug(models.Model):
    """A slug an article used to have; its old URL redirects (301) to the current one."""

    slug = models.SlugField("đường dẫn cũ", max_length=200, unique=True)
    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField("ngày đổi", auto_now_add=True)

    class Meta:
        verbose_name = "đường dẫn cũ của bài viết"
        verbose_name_plural = "đường dẫn cũ của bài viết"

    def __str__(self) -> str:
        return self.slug


class ArticleMissingPictures(Article):
    """The articles as the admin's list of those whose body still names a picture it does not have."""

    class Meta:
        proxy = True
        verbose_name = "bài còn thiếu ảnh"
        verbose_name_plural = "bài còn thiếu ảnh"

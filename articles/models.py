"""The newsroom's content: agencies, officials and their appointments, programmes, articles."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone

from articles import search_index
from articles.sanitize import clean_html, plain_text
from articles.text import unique_slug
from articles.uploads import validate_picture

PROGRAMME_CODE_RE = re.compile(r"^\d{1,3}-CTr/TU$")


class Agency(models.Model):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party", "Cấp ủy Đảng"
        PARTY_BOARD = "party_board", "Ban, cơ quan của cấp ủy"
        PEOPLES_COUNCIL = "council", "Hội đồng nhân dân"
        PEOPLES_COMMITTEE = "committee", "Ủy ban nhân dân"
        DEPARTMENT = "department", "Sở, ban, ngành"
        DISTRICT = "district", "Quận, huyện, thị xã"
        CENTRAL = "central", "Cơ quan Trung ương"
        OTHER = "other", "Khác"

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang hoạt động"
        MERGED = "merged", "Đã sáp nhập"
        RENAMED = "renamed", "Đã đổi tên"
        DISSOLVED = "dissolved", "Đã giải thể"

    name = models.CharField("tên cơ quan", max_length=255)
    aliases = models.TextField(
        "tên viết tắt, tên gọi khác",
        blank=True,
        help_text="Mỗi dòng một tên, ví dụ: Sở KH&ĐT.",
    )
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    kind = models.CharField("loại cơ quan", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    description = models.TextField("giới thiệu", blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    website = models.URLField("trang thông tin điện tử", blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="cơ quan kế thừa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Cơ quan tiếp nhận khi sáp nhập hoặc tên mới khi đổi tên.",
    )
    ended_on = models.DateField("ngày kết thúc hoạt động", null=True, blank=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:agency_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.status == self.Status.ACTIVE and self.superseded_by_id:
            raise ValidationError({"superseded_by": "Cơ quan đang hoạt động thì không có cơ quan kế thừa."})
        if self.status in (self.Status.MERGED, self.Status.RENAMED) and not self.superseded_by_id:
            raise ValidationError({"superseded_by": "Hãy chọn cơ quan kế thừa cho cơ quan đã sáp nhập hoặc đổi tên."})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "Một cơ quan không thể tự kế thừa chính mình."})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Một cơ quan không thể là cấp trên của chính mình."})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Official(models.Model):
    full_name = models.CharField("họ và tên", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    portrait = models.ImageField("ảnh chân dung", upload_to="officials/", blank=True)
    biography = models.TextField("tiểu sử tóm tắt", blank=True)

    class Meta:
        verbose_name = "cán bộ lãnh đạo"
        verbose_name_plural = "cán bộ lãnh đạo"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:official_detail", kwargs={"slug": self.slug})

    def appointments_on(self, day: datetime.date) -> list[Appointment]:
        return list(self.appointments.held_on(day).select_related("agency"))

    def title_on(self, day: datetime.date) -> str:
        """The titles held on `day`, as a newsroom would print them after the name."""
        return ", ".join(appointment.title for appointment in self.appointments_on(day))


class AppointmentQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date) -> AppointmentQuerySet:
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class Appointment(models.Model):
    official = models.ForeignKey(Official, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="appointments")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="appointments")
    title = models.CharField("chức vụ", max_length=255, help_text="Ví dụ: Phó Bí thư Thường trực Thành ủy Hà Nội.")
    start_date = models.DateField("ngày bắt đầu")
    end_date = models.DateField("ngày kết thúc", null=True, blank=True, help_text="Để trống nếu đang giữ chức.")
    order = models.PositiveSmallIntegerField(
        "thứ tự hiển thị", default=0, help_text="Chức vụ có số nhỏ hơn được ghi trước."
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "quá trình công tác"
        ordering = ["order", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    @property
    def period_label(self) -> str:
        start = self.start_date.strftime("%d/%m/%Y")
        end = self.end_date.strftime("%d/%m/%Y") if self.end_date else "nay"
        return f"{start} – {end}"

    def overlaps(self, other: Appointment) -> bool:
        far_future = datetime.date.max
        return self.start_date <= (other.end_date or far_future) and other.start_date <= (self.end_date or far_future)

    def same_position(self, other: Appointment) -> bool:
        return (
            self.official_id == other.official_id
            and self.agency_id == other.agency_id
            and self.title.strip().casefold() == other.title.strip().casefold()
        )

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Ngày kết thúc phải sau ngày bắt đầu."})
        if not (self.official_id and self.agency_id and self.start_date and self.title):
            return
        others = Appointment.objects.filter(official_id=self.official_id, agency_id=self.agency_id).exclude(pk=self.pk)
        for other in others:
            if self.same_position(other) and self.overlaps(other):
                raise ValidationError(
                    f"Cán bộ này đã giữ chức vụ “{other.title}” trong thời gian {other.period_label}; "
                    "hai lần giữ cùng một chức vụ không được trùng thời gian."
                )


class Programme(models.Model):
    code = models.CharField(
        "số hiệu",
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                PROGRAMME_CODE_RE,
                "Số hiệu chương trình phải có dạng số-CTr/TU, ví dụ 06-CTr/TU.",
            )
        ],
    )
    slug = models.SlugField("đường dẫn", max_length=60, unique=True, blank=True)
    title = models.CharField("tên chương trình", max_length=500)
    issuing_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField("năm bắt đầu", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("năm kết thúc", null=True, blank=True)
    summary = models.TextField("tóm tắt", blank=True)
    needs_review = models.BooleanField(
        "cần biên tập viên xem lại",
        default=False,
        help_text="Chương trình được tạo tự động khi nhập bài cũ; cần bổ sung tên và thông tin.",
    )

    class Meta:
        verbose_name = "chương trình"
        verbose_name_plural = "chương trình"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label_for(self.code, self.title)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.code, max_length=60)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:programme_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "Năm kết thúc phải sau năm bắt đầu."})

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    @staticmethod
    def label_for(code: str, title: str) -> str:
        """How a programme is named in lists: its code, then its title."""
        return f"{code} – {title}" if title else code


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """The one read rule for the public: published and dated no later than now."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def readable(self) -> ArticleQuerySet:
        """What an article page may show: the public articles and withdrawn ones (with their notice).

        Only the article page uses this; lists, feeds, search and the sitemap use `published()`.
        """
        return self.filter(
            Q(status=Article.Status.PUBLISHED, published_at__lte=timezone.now()) | Q(status=Article.Status.WITHDRAWN)
        )

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

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
            "agency__name",
            "agency__slug",
        )


class Article(models.Model):
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
        "mô tả ảnh (alt)", max_length=300, blank=True, help_text="Mô tả ảnh cho người khiếm thị."
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
    # Derived search columns, maintained by save() (see articles/search_index.py).
    body_text = models.TextField("nội dung dạng chữ", blank=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    search_exact = SearchVectorField(null=True, editable=False)
    # Optimistic locking: every save and every workflow step adds one; a save that started from an
    # older number is refused (see articles/services.py).
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
        ]
        permissions = [
            ("submit_article", "Gửi bài để duyệt"),
            ("approve_article", "Duyệt bài hoặc trả lại bài"),
            ("publish_article", "Đăng lại bài, đổi giờ đăng"),
            ("withdraw_article", "Gỡ bài đã đăng"),
            ("archive_article", "Đưa bài vào lưu trữ"),
            ("preview_article", "Tạo liên kết xem trước"),
            ("access_all_agencies", "Làm việc với bài của mọi cơ quan"),
        ]

    def __str__(self) -> str:
        return self.title

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
                del self.search_vector, self.search_exact
        if old_slug and old_slug != self.slug:
            ArticleSlug.objects.update_or_create(slug=old_slug, defaults={"article": self})

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def get_permanent_url(self) -> str:
        """A URL that never changes: it redirects to the article's current address."""
        return reverse("articles:article_permalink", kwargs={"pk": self.pk})

    def get_print_url(self) -> str:
        return reverse("articles:article_print", kwargs={"slug": self.slug})

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
        self.body_text = search_index.body_text(self.body)
        self.search_folded = search_index.folded_document(self.title, self.lead, self.body_text)
        if not search_index.is_postgresql(connections[using]):
            return {"body_text", "search_folded"}
        self.search_vector, self.search_exact = search_index.vector_expressions(self.title, self.lead, self.body_text)
        return {"body_text", "search_folded", "search_vector", "search_exact"}

    def _stored_slug(self) -> str | None:
        if self.pk is None or self._state.adding:
            return None
        return type(self)._default_manager.filter(pk=self.pk).values_list("slug", flat=True).first()

    def clean(self) -> None:
        super().clean()
        if self.cover and not (self.cover_alt or "").strip():
            raise ValidationError(
                {"cover_alt": "Hãy nhập mô tả ảnh (alt) cho ảnh đại diện, để người khiếm thị biết ảnh nói gì."}
            )

    def sanitize(self) -> None:
        """Rich text through the allow-list, everything else as plain text (articles/sanitize.py)."""
        self.body = clean_html(self.body)
        for field in ("title", "lead", "cover_alt", "cover_caption", "source", "withdrawn_reason"):
            setattr(self, field, plain_text(getattr(self, field)))

    def officials_with_titles_then(self) -> list[Official]:
        """The officials the article mentions, by name, each with `appointments_then`: the titles held
        on the article's day (in appointment order). One query: a LEFT JOIN on the appointments held then.
        """
        day = self.local_date
        held = Q(appointments__start_date__lte=day) & (
            Q(appointments__end_date__isnull=True) | Q(appointments__end_date__gte=day)
        )
        rows = (
            self.officials.annotate(held=FilteredRelation("appointments", condition=held))
            .order_by("full_name", "pk", "held__order", "-held__start_date")
            .values_list("pk", "full_name", "slug", "held__pk", "held__title")
        )
        officials: dict[int, Official] = {}
        for pk, full_name, slug, appointment_pk, title in rows:
            official = officials.get(pk)
            if official is None:
                official = officials[pk] = Official(pk=pk, full_name=full_name, slug=slug)
                official.appointments_then = []
            if appointment_pk is not None:
                official.appointments_then.append(Appointment(pk=appointment_pk, official_id=pk, title=title))
        return list(officials.values())

    @property
    def local_date(self) -> datetime.date:
        """The article's day in Hanoi, the day whose titles it shows."""
        return timezone.localtime(self.published_at).date()

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


class EditorMembership(models.Model):
    """A staff user works for an agency; in the admin they see and touch only their agencies' articles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = "cơ quan làm việc"
        verbose_name_plural = "cơ quan làm việc"
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency}"


class WorkflowEvent(models.Model):
    """The audit log: one row for every workflow step taken on an article."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo bài"
        SUBMIT = "submit", "Gửi duyệt"
        APPROVE = "approve", "Duyệt và đăng"
        REJECT = "reject", "Trả lại"
        PUBLISH = "publish", "Đăng lại, đổi giờ đăng"
        WITHDRAW = "withdraw", "Gỡ bài"
        ARCHIVE = "archive", "Lưu trữ"
        PREVIEW = "preview", "Tạo liên kết xem trước"
        RESTORE = "restore", "Khôi phục phiên bản"

    article = models.ForeignKey(
        Article, verbose_name="bài viết", null=True, on_delete=models.SET_NULL, related_name="workflow_events"
    )
    article_title = models.CharField("tiêu đề bài lúc đó", max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    from_status = models.CharField("trạng thái trước", max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField("trạng thái sau", max_length=20, choices=Article.Status.choices, blank=True)
    comment = models.TextField("ghi chú", blank=True)
    superuser_override = models.BooleanField(
        "quản trị tối cao bỏ qua quy tắc hai người", default=False, help_text="Người gửi duyệt tự duyệt bài."
    )
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "nhật ký biên tập"
        verbose_name_plural = "nhật ký biên tập"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_title}"


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


class LegacyImport(models.Model):
    """What the legacy import last wrote to an article: tells an unchanged file, an update and an editor's edit apart.

    `source_fingerprint` hashes the parsed record; `written_fingerprint` hashes the article's fields as the import
    saved them (see `articles.importing.written_fingerprint`).
    """

    article = models.OneToOneField(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="legacy_import"
    )
    source_fingerprint = models.CharField("dấu vân tay tệp nguồn", max_length=64)
    written_fingerprint = models.CharField("dấu vân tay nội dung đã ghi", max_length=64)
    imported_at = models.DateTimeField("lần nhập cuối", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "lần nhập bài cũ"
        verbose_name_plural = "lần nhập bài cũ"

    def __str__(self) -> str:
        return f"{self.article.legacy_id} ({self.imported_at:%d/%m/%Y %H:%M})"


# --- Stored article pages (issue 7; see articles/rendered_pages.py) ----------------------------------------------


class RenderedArticlePage(models.Model):
    """An article's public page as rendered HTML: a derived artifact of the rows it shows.

    `fingerprint` names what rendered it (templates, static files, settings, the site's origin); "" means
    stale. Every content change that reaches the page adds one to `generation`, and a page rendered from
    rows read before that change is refused when stored (articles/rendered_pages.py).
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="rendered_page")
    generation = models.PositiveBigIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    html = models.TextField(blank=True)
    # The response headers the page had when it left the middleware inside StoredArticlePageMiddleware
    # (Content-Type, Content-Language, Vary...); null until a request through that middleware has seen them.
    headers = models.JSONField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "trang bài viết đã dựng sẵn"
        verbose_name_plural = "trang bài viết đã dựng sẵn"

    def __str__(self) -> str:
        return f"{self.article_id} ({self.fingerprint or 'cũ'})"


# --- Stored pictures (issue 13; see articles/uploads.py and articles/stored_pictures.py) -------------------------


class StoredPicture(models.Model):
    """A picture stored clean (re-encoded by articles/uploads.py) under a name the server chose.

    `label` is the name the uploader gave the file: shown to editors, never used as a file name. `sha256` is the
    stored file's digest: `reencode_pictures` leaves a file alone while its name and digest are listed here.
    """

    name = models.CharField("tệp đã lưu", max_length=255, unique=True)
    label = models.CharField("tên tệp khi tải lên", max_length=255, blank=True)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stored_at = models.DateTimeField("lúc lưu", auto_now_add=True)

    class Meta:
        verbose_name = "ảnh đã lưu"
        verbose_name_plural = "ảnh đã lưu"

    def __str__(self) -> str:
        return f"{self.name} ({self.label})" if self.label else self.name


class MediaRedirect(models.Model):
    """A media file's old name, answered with a 301 to the name `reencode_pictures` gave it."""

    old_name = models.CharField("tên cũ", max_length=255, unique=True)
    new_name = models.CharField("tên mới", max_length=255)
    created_at = models.DateTimeField("lúc đổi tên", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đã đổi tên"
        verbose_name_plural = "tệp đã đổi tên"

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"

"""The documents register (văn bản): types, fields, documents, their relations, and the audit log of their steps."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.documents import numbers, validity
from articles.documents.validity import RelationKind, Validity
from articles.newsroom.models import Agency, Article, Official, Programme, WorkflowEvent
from articles.newsroom.sanitize import plain_text
from articles.newsroom.search_columns import folded_document
from articles.newsroom.text import fold, unique_slug


class DocumentType(models.Model):
    class Schema(models.TextChoices):
        """What a page of this type says it is to search engines (schema.org)."""

        LEGISLATION = "Legislation", "Văn bản quy phạm, chỉ đạo (Legislation)"
        REPORT = "Report", "Báo cáo (Report)"
        DOCUMENT = "DigitalDocument", "Văn bản khác (DigitalDocument)"

    name = models.CharField("tên loại văn bản", max_length=100, unique=True)
    symbol = models.CharField(
        "ký hiệu",
        max_length=10,
        blank=True,
        help_text="Theo Nghị định 30/2020/NĐ-CP, ví dụ QĐ, KH, CTr; công văn: để trống.",
    )
    slug = models.SlugField("đường dẫn", max_length=100, unique=True, blank=True)
    schema_type = models.CharField(
        "loại theo schema.org", max_length=20, choices=Schema.choices, default=Schema.DOCUMENT
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=100)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=100)
        super().save(*args, **kwargs)

    @property
    def type_key(self) -> str:
        return fold(self.symbol) if self.symbol else ""

    @property
    def is_programme(self) -> bool:
        return self.type_key == "ctr"


class DocumentField(models.Model):
    """A field of work (lĩnh vực): đất đai, giao thông, y tế…"""

    name = models.CharField("tên lĩnh vực", max_length=150, unique=True)
    slug = models.SlugField("đường dẫn", max_length=150, unique=True, blank=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=150)
        super().save(*args, **kwargs)


def published_condition(path: str = "") -> Q:
    """`published()` as a condition on the documents at `path` (`source__`: a relation's source), for joins."""
    return Q(**{f"{path}status": Document.Status.PUBLISHED, f"{path}published_at__lte": timezone.now()})


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        """The one read rule for the public: published and dated no later than now (as articles)."""
        return self.filter(published_condition())

    def with_validity(self, day: datetime.date | None = None) -> DocumentQuerySet:
        """Each document's validity on `day` (today in Hanoi) as `validity` (articles/documents/validity.py)."""
        expression = validity.annotation(
            day or timezone.localdate(),
            relations=DocumentRelation.objects.filter(published_condition("source__")),
        )
        return self.annotate(validity=expression)

    def for_listing(self) -> DocumentQuerySet:
        return self.select_related("document_type", "agency").only(
            "title", "slug", "number", "summary", "issued_on", "effective_on", "expires_on", "published_at",
            "document_type__name", "document_type__slug", "agency__name", "agency__slug",
        )  # fmt: skip


class Document(models.Model):
    Status = Article.Status

    document_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(
        "số, ký hiệu",
        max_length=60,
        help_text="Ghi như trên văn bản, ví dụ 1234/QĐ-UBND, 12/2023/QĐ-UBND, 3456/UBND-ĐT, 06-CTr/TU.",
    )
    summary = models.CharField("trích yếu", max_length=1000, help_text="Ví dụ: Về việc ban hành Kế hoạch…")
    description = models.TextField("tóm tắt nội dung", blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan ban hành", null=True, on_delete=models.PROTECT, related_name="documents"
    )
    joint_agencies = models.ManyToManyField(
        Agency, verbose_name="cơ quan cùng ban hành", blank=True, related_name="joint_documents"
    )
    signer = models.ForeignKey(
        Official, verbose_name="người ký", null=True, blank=True, on_delete=models.PROTECT, related_name="signed"
    )
    signer_title = models.CharField(
        "chức danh ký", max_length=100, blank=True, help_text="Như trên văn bản, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."
    )
    issued_on = models.DateField("ngày ban hành", null=True)
    effective_on = models.DateField(
        "ngày có hiệu lực", null=True, blank=True, help_text="Để trống nếu có hiệu lực từ ngày ban hành."
    )
    expires_on = models.DateField(
        "ngày hết hiệu lực", null=True, blank=True, help_text="Ngày cuối cùng văn bản còn hiệu lực, nếu có."
    )
    field = models.ForeignKey(
        DocumentField, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    programme = models.OneToOneField(
        Programme,
        verbose_name="chương trình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founding_document",
        help_text="Văn bản loại Chương trình là văn bản gốc của chương trình này (trang /chuong-trinh/…).",
    )
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True)
    # Derived by save(): the title shown everywhere, the number's parts, the year of issue, the folded text.
    title = models.CharField("tên văn bản", max_length=200, editable=False)
    number_key = models.CharField(max_length=80, editable=False, db_index=True)
    number_value = models.PositiveIntegerField(editable=False, default=0, db_index=True)
    type_key = models.CharField(max_length=10, editable=False, blank=True)
    issuer_key = models.CharField(max_length=60, editable=False, blank=True)
    year = models.PositiveSmallIntegerField("năm ban hành", null=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)
    # The workflow, as for articles (articles/newsroom/workflow.py).
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("ngày giờ đăng", default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("ngày gửi duyệt", null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField("lý do gỡ", blank=True, editable=False)
    withdrawn_at = models.DateTimeField("ngày gỡ", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("ngày sửa cuối", auto_now=True)
    mentioned_in: models.ManyToManyField[Article, Any] = models.ManyToManyField(
        Article, verbose_name="bài viết nhắc đến", through="DocumentMention", blank=True, related_name="documents"
    )

    objects = DocumentQuerySet.as_manager()

    workflow_noun: ClassVar[str] = "văn bản"
    loaded_status: str | None = None

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-issued_on", "-id"], name="document_public_order"),
            models.Index(fields=["agency", "status", "-issued_on"], name="document_agency_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number_key", "agency", "year"], name="document_number_once_a_year"),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(effective_on__gte=models.F("issued_on")),
                name="document_effective_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="document_expires_after_issue",
            ),
        ]
        permissions = [
            ("submit_document", "Gửi văn bản để duyệt"),
            ("approve_document", "Duyệt văn bản hoặc trả lại"),
            ("publish_document", "Đăng lại văn bản, đổi giờ đăng"),
            ("withdraw_document", "Gỡ văn bản đã đăng"),
            ("archive_document", "Đưa văn bản vào lưu trữ"),
        ]

    def __str__(self) -> str:
        return self.title or self.number

    def save(self, *args, **kwargs) -> None:
        self.derive()
        if not self.slug:
            self.slug = unique_slug(self, f"{self.number} {self.year or ''}", max_length=120)
        super().save(*args, **kwargs)
        self.loaded_status = self.status

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        document.loaded_status = document.__dict__.get("status")
        return document

    def derive(self) -> None:
        """Fill what follows from the typed fields: title, number parts, year, folded text."""
        self.number = numbers.normalise(self.number)
        self.summary = plain_text(self.summary)
        self.description = plain_text(self.description)
        parsed = numbers.parse_printed(self.number)
        if parsed is not None:
            self.number_key, self.number_value = parsed.key, parsed.number
            self.type_key, self.issuer_key = parsed.type_key, parsed.issuer_key
        self.year = self.issued_on.year if self.issued_on else self.year
        type_name = self.document_type.name if self.document_type_id else ""
        self.title = f"{type_name} số {self.number}".strip()[:200]
        self.search_folded = folded_document(self.title, self.summary, self.description)

    @property
    def starts_on(self) -> datetime.date | None:
        return self.effective_on or self.issued_on

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def validity_label(self) -> str:
        value = getattr(self, "validity", None)
        return Validity(value).label if value else ""

    def signer_title_then(self) -> str:
        """The signer's titles on the signing date (from their appointments)."""
        if not (self.signer_id and self.issued_on):
            return ""
        return self.signer.title_on(self.issued_on) if self.signer else ""

    def clean(self) -> None:
        errors: dict[str, str] = {}
        parsed = numbers.parse_printed(self.number or "")
        if parsed is None:
            errors["number"] = numbers.INVALID.format(text=self.number)
        elif self.document_type_id:
            kind = self.document_type
            expected = kind.type_key
            if parsed.type_key != expected:
                shown = f"{kind.name} ({kind.symbol})" if kind.symbol else kind.name
                errors["number"] = (
                    f"Ký hiệu loại trong số “{parsed.printed}” không khớp với loại văn bản đã chọn: {shown}."
                )
        if not self.issued_on:
            errors["issued_on"] = "Hãy nhập ngày ban hành."
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        if self.issued_on and self.expires_on and self.expires_on < (self.effective_on or self.issued_on):
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        if parsed is not None and parsed.year and self.issued_on and parsed.year != self.issued_on.year:
            errors["issued_on"] = f"Số “{parsed.printed}” ghi năm {parsed.year} nhưng ngày ban hành thuộc năm khác."
        if self.programme_id and self.document_type_id and not self.document_type.is_programme:
            errors["programme"] = "Chỉ văn bản loại Chương trình mới là văn bản gốc của một chương trình."
        if errors:
            raise ValidationError(errors)
        if parsed is not None and self.issued_on and self.agency_id:
            twin = (
                Document.objects.filter(number_key=parsed.key, agency_id=self.agency_id, year=self.issued_on.year)
                .exclude(pk=self.pk)
                .first()
            )
            if twin is not None:
                raise ValidationError(
                    {
                        "number": f"Đã có {twin.title} do {self.agency} ban hành năm {self.issued_on.year}; "
                        "số, ký hiệu không được trùng trong cùng một năm của một cơ quan."
                    }
                )


CYCLE = "Quan hệ thay thế này tạo thành vòng: văn bản kia đã (trực tiếp hoặc gián tiếp) thay thế văn bản này."


class DocumentRelation(models.Model):
    source = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField("quan hệ", max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document, verbose_name="văn bản liên quan", on_delete=models.PROTECT, related_name="relations_in"
    )
    note = models.CharField("phạm vi", max_length=300, blank=True, help_text="Ví dụ: Điều 5, khoản 2.")

    class Meta:
        verbose_name = "quan hệ giữa văn bản"
        verbose_name_plural = "quan hệ giữa văn bản"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="document_relation_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_to_itself"),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="document_relation_target")]

    def __str__(self) -> str:
        return f"{self.source} – {self.get_kind_display()} – {self.target}"

    def clean(self) -> None:
        if self.source_id and self.target_id and self.source_id == self.target_id:
            raise ValidationError({"target": "Một văn bản không thể có quan hệ với chính nó."})
        replacing = self.kind == RelationKind.REPLACES and self.source_id and self.target_id
        if replacing and replacement_path(self.target_id, self.source_id):
            raise ValidationError({"target": CYCLE})


def replacement_path(start: int, goal: int) -> bool:
    """Whether `start` replaces `goal`, directly or through a chain of replacements (a cycle if `goal` also
    replaces `start`). Reads the replacement links breadth-first, one query per step of the chain."""
    seen, frontier = {start}, {start}
    while frontier:
        if goal in frontier:
            return True
        frontier = (
            set(
                DocumentRelation.objects.filter(source_id__in=frontier, kind=RelationKind.REPLACES).values_list(
                    "target_id", flat=True
                )
            )
            - seen
        )
        seen |= frontier
    return False


class DocumentEvent(models.Model):
    """The audit log of a document's workflow steps (WorkflowEvent is the articles')."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", null=True, on_delete=models.SET_NULL, related_name="workflow_events"
    )
    document_title = models.CharField("tên văn bản lúc đó", max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("thao tác", max_length=20, choices=WorkflowEvent.Action.choices)
    from_status = models.CharField("trạng thái trước", max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField("trạng thái sau", max_length=20, choices=Article.Status.choices, blank=True)
    comment = models.TextField("ghi chú", blank=True)
    superuser_override = models.BooleanField("quản trị tối cao bỏ qua quy tắc hai người", default=False)
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "nhật ký văn bản"
        verbose_name_plural = "nhật ký văn bản"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.document_title}"

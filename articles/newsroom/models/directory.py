"""The directory every agency shares: agencies, officials and their appointments, programmes."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote_plus

from ckeditor.fields import RichTextField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.newsroom import translated
from articles.newsroom.contacts import EmailAddressField, PhoneField
from articles.newsroom.sanitize import clean_html, plain_text
from articles.newsroom.text import unique_slug

PROGRAMME_CODE_RE = re.compile(r"^\d{1,3}-CTr/TU$")


class Agency(models.Model):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party", _("Cấp ủy Đảng")
        PARTY_BOARD = "party_board", _("Ban, cơ quan của cấp ủy")
        PEOPLES_COUNCIL = "council", _("Hội đồng nhân dân")
        PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("Quận, huyện, thị xã")
        CENTRAL = "central", _("Cơ quan Trung ương")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        MERGED = "merged", _("Đã sáp nhập")
        RENAMED = "renamed", _("Đã đổi tên")
        DISSOLVED = "dissolved", _("Đã giải thể")

    name = models.CharField("tên cơ quan", max_length=255)
    name_en = models.CharField("tên tiếng Anh", max_length=255, blank=True, help_text="Tên chính thức bằng tiếng Anh.")
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
    functions = RichTextField("chức năng, nhiệm vụ", blank=True)
    functions_en = RichTextField("chức năng, nhiệm vụ (tiếng Anh)", blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=255, blank=True)
    phone = PhoneField("điện thoại", blank=True, help_text="Ví dụ: 024 3825 3536.")
    email = EmailAddressField("thư điện tử", blank=True)
    website = models.URLField("trang thông tin điện tử", blank=True)
    working_hours = models.CharField(
        "giờ làm việc",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Sáng 8:00–12:00, chiều 13:00–17:00, từ thứ Hai đến thứ Sáu.",
    )
    working_hours_en = models.CharField("giờ làm việc (tiếng Anh)", max_length=255, blank=True)
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
        self.functions = clean_html(self.functions)
        self.functions_en = clean_html(self.functions_en)
        for field in ("name_en", "address_en", "working_hours", "working_hours_en"):
            setattr(self, field, plain_text(getattr(self, field)))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:agency_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the Vietnamese one where no English name was written)."""
        return translated.text(self, "name")

    @property
    def map_url(self) -> str:
        """A link that finds the address on OpenStreetMap: an address link, no map script on our pages."""
        if not self.address:
            return ""
        return "https://www.openstreetmap.org/search?query=" + quote_plus(self.address)

    def would_make_cycle(self, parent_id: int | None) -> list[Agency]:
        """The chain from `parent_id` up to this agency if choosing it as parent would make the chart a loop."""
        if parent_id is None or self.pk is None:
            return []
        parents = dict(Agency.objects.values_list("pk", "parent_id"))
        chain: list[int] = []
        node: int | None = parent_id
        while node is not None and node not in chain:
            chain.append(node)
            if node == self.pk:
                names = dict(Agency.objects.filter(pk__in=chain).values_list("pk", "name"))
                return [Agency(pk=pk, name=names.get(pk, "")) for pk in chain]
            node = parents.get(node)
        return []

    def clean(self) -> None:
        if self.status == self.Status.ACTIVE and self.superseded_by_id:
            raise ValidationError({"superseded_by": "Cơ quan đang hoạt động thì không có cơ quan kế thừa."})
        if self.status in (self.Status.MERGED, self.Status.RENAMED) and not self.superseded_by_id:
            raise ValidationError({"superseded_by": "Hãy chọn cơ quan kế thừa cho cơ quan đã sáp nhập hoặc đổi tên."})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "Một cơ quan không thể tự kế thừa chính mình."})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Một cơ quan không thể là cấp trên của chính mình."})
        loop = self.would_make_cycle(self.parent_id)
        if loop:
            path = " → ".join(agency.name for agency in reversed(loop))
            raise ValidationError(
                {
                    "parent": f"Không thể đặt “{loop[0].name}” làm cơ quan cấp trên: cơ quan đó đang trực thuộc "
                    f"“{self.name}” ({path}), sơ đồ tổ chức sẽ thành một vòng lặp."
                }
            )

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Official(models.Model):
    # The titles held on one article's day, set by Article.officials_with_titles_then() (not a column).
    appointments_then: list[Appointment]

    full_name = models.CharField("họ và tên", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    portrait = models.ImageField("ảnh chân dung", upload_to="officials/", blank=True)
    portrait_alt = models.CharField(
        "mô tả ảnh chân dung (alt)",
        max_length=300,
        blank=True,
        help_text="Mô tả ảnh cho người khiếm thị, ví dụ: Ông Nguyễn Văn A, Giám đốc Sở, mặc áo sơ mi trắng.",
    )
    biography = models.TextField("tiểu sử tóm tắt", blank=True)
    biography_en = models.TextField("tiểu sử tóm tắt (tiếng Anh)", blank=True)
    phone = PhoneField("điện thoại", blank=True)
    email = EmailAddressField("thư điện tử", blank=True)
    contacts_public = models.BooleanField(
        "công khai điện thoại và thư điện tử",
        default=False,
        help_text="Chỉ khi được chọn, điện thoại và thư điện tử của cán bộ mới hiện trên trang công khai.",
    )

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
        return reverse("public:official_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.portrait and not (self.portrait_alt or "").strip():
            raise ValidationError(
                {"portrait_alt": "Hãy nhập mô tả ảnh chân dung (alt), để người khiếm thị biết ảnh nói gì."}
            )

    @property
    def public_phone(self) -> str:
        return self.phone if self.contacts_public else ""

    @property
    def public_email(self) -> str:
        return self.email if self.contacts_public else ""

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
    title_en = models.CharField(
        "chức vụ (tiếng Anh)", max_length=255, blank=True, help_text="Ví dụ: Standing Deputy Secretary."
    )
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
    def display_title(self) -> str:
        return translated.text(self, "title")

    @property
    def period_label(self) -> str:
        start = self.start_date.strftime("%d/%m/%Y")
        end = self.end_date.strftime("%d/%m/%Y") if self.end_date else "nay"
        return f"{start} – {end}"

    def ended_by(self, day: datetime.date) -> bool:
        return self.end_date is not None and self.end_date < day

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
        return reverse("public:programme_detail", kwargs={"slug": self.slug})

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

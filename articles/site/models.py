"""The site settings record (one row) and the main menu."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from articles.newsroom.models import Section

SINGLETON_ID = 1
# A page of this site (/gioi-thieu/) or an address elsewhere (https://…): what a menu item or a footer link opens.
ADDRESS = RegexValidator(
    r"^(/[^\s]*|https?://[^\s]+)$", "Hãy nhập đường dẫn bắt đầu bằng “/” hoặc địa chỉ bắt đầu bằng “https://”."
)


class SiteSettings(models.Model):
    """The portal's identity and the details a Vietnamese government portal must show (Decree 42/2022 and
    Circular 22/2023): one record, edited by site administrators, shown in the header and footer of every page."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name = models.CharField("tên cổng thông tin", max_length=200)
    name_en = models.CharField("tên tiếng Anh", max_length=200, blank=True)
    description = models.CharField(
        "mô tả ngắn", max_length=300, blank=True, help_text="Dùng cho công cụ tìm kiếm và mạng xã hội."
    )
    description_en = models.CharField("mô tả ngắn (tiếng Anh)", max_length=300, blank=True)
    emblem = models.FileField("biểu trưng (SVG hoặc PNG)", upload_to="site/", blank=True)
    emblem_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    emblem_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    owner_body = models.CharField("cơ quan chủ quản", max_length=255, blank=True)
    owner_body_en = models.CharField("cơ quan chủ quản (tiếng Anh)", max_length=255, blank=True)
    responsible_person = models.CharField(
        "người chịu trách nhiệm nội dung",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Ông Nguyễn Văn A – Chánh Văn phòng.",
    )
    licence_number = models.CharField("số giấy phép", max_length=100, blank=True)
    licence_date = models.DateField("ngày cấp giấy phép", null=True, blank=True)
    licence_issuer = models.CharField("cơ quan cấp giấy phép", max_length=255, blank=True)
    licence_issuer_en = models.CharField("cơ quan cấp giấy phép (tiếng Anh)", max_length=255, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    reuse_notice = models.TextField(
        "ghi chú về sử dụng lại thông tin",
        blank=True,
        help_text="Ví dụ: Ghi rõ nguồn “Cổng thông tin…” khi phát hành lại thông tin từ cổng này.",
    )
    reuse_notice_en = models.TextField("ghi chú về sử dụng lại thông tin (tiếng Anh)", blank=True)
    accessibility_url = models.CharField(
        "đường dẫn tuyên bố hỗ trợ tiếp cận", max_length=300, blank=True, validators=[ADDRESS]
    )
    privacy_url = models.CharField(
        "đường dẫn chính sách bảo vệ dữ liệu cá nhân", max_length=300, blank=True, validators=[ADDRESS]
    )

    class Meta:
        verbose_name = "thông tin cổng"
        verbose_name_plural = "thông tin cổng"
        constraints = [models.CheckConstraint(condition=models.Q(id=SINGLETON_ID), name="site_settings_single_row")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # One record: a second "new" one overwrites the first instead of adding a row (the database's
        # constraint refuses any other id).
        self.pk = SINGLETON_ID
        if self._state.adding and type(self).objects.filter(pk=SINGLETON_ID).exists():
            self._state.adding = False
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> SiteSettings:
        """The record; an unsaved one named after the project if a database has none yet."""
        return cls.objects.filter(pk=SINGLETON_ID).first() or cls(name="Tòa soạn")

    @property
    def emblem_is_svg(self) -> bool:
        return bool(self.emblem) and self.emblem.name.lower().endswith(".svg")

    @property
    def emblem_url(self) -> str:
        """Where the emblem is served: an SVG through its own view (articles/site/views.py), a PNG as media."""
        if not self.emblem:
            return ""
        if self.emblem_is_svg:
            return reverse("site:emblem", kwargs={"name": self.emblem.name.rsplit("/", 1)[-1]})
        return self.emblem.url


class MenuItem(models.Model):
    """An entry of the main menu: a section, or any address (the agencies' list, the archive, a page elsewhere)."""

    settings = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="menu_items", editable=False,
                                 default=SINGLETON_ID)  # fmt: skip
    label = models.CharField("tên mục", max_length=80)
    label_en = models.CharField("tên mục (tiếng Anh)", max_length=80, blank=True)
    section = models.ForeignKey(
        Section, verbose_name="chuyên mục", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(
        "đường dẫn", max_length=300, blank=True, validators=[ADDRESS], help_text="Khi mục không trỏ tới chuyên mục."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "mục trình đơn chính"
        verbose_name_plural = "trình đơn chính"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if bool(self.section_id) == bool(self.url):
            raise ValidationError("Hãy chọn một chuyên mục hoặc nhập một đường dẫn (chỉ một trong hai).")

    @property
    def href(self) -> str:
        return self.section.get_absolute_url() if self.section_id and self.section else self.url

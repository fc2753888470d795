"""A document's files (PDF, Word, Excel, OpenDocument), checked from their content (articles/documents/files.py)."""

from __future__ import annotations

from django.db import models

from articles.documents.models.register import Document


class DocumentFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOC = "doc", "Word (DOC)"
        DOCX = "docx", "Word (DOCX)"
        XLS = "xls", "Excel (XLS)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"

    document = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to="van-ban/%Y/%m/", max_length=200)
    label = models.CharField("tên tệp", max_length=255, help_text="Tên tệp người tải lên đặt; chỉ để hiển thị.")
    kind = models.CharField("định dạng", max_length=10, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, blank=True)
    pages = models.PositiveIntegerField("số trang", null=True, blank=True, editable=False)
    preview = models.ImageField(
        "ảnh trang đầu", upload_to="van-ban/xem-truoc/", max_length=200, blank=True, editable=False
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    created_at = models.DateTimeField("ngày tải lên", auto_now_add=True)

    class Meta:
        verbose_name = "tệp văn bản"
        verbose_name_plural = "tệp văn bản"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def size_label(self) -> str:
        """The size as people read it: `842 KB`, `3,4 MB`."""
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB".replace(".", ",")
        return f"{max(1, round(self.size / 1024))} KB"

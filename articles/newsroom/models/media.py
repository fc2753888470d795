"""Pictures stored clean under names the server chose, and media files renamed since."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredPicture(models.Model):
    """A picture stored clean (re-encoded by articles/newsroom/uploads.py) under a name the server chose.

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

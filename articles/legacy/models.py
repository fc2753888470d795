"""What the legacy import last wrote to each article."""

from __future__ import annotations

from django.db import models

from articles.newsroom.models import Agency, Article


class LegacyImport(models.Model):
    """What the legacy import last wrote to an article: tells an unchanged file, an update and an editor's edit apart.

    `source_fingerprint` hashes the parsed record; `written_fingerprint` hashes the article's fields as the import
    saved them (see `articles.legacy.importing.written_fingerprint`).
    """

    article = models.OneToOneField(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="legacy_import"
    )
    source_fingerprint = models.CharField("dấu vân tay tệp nguồn", max_length=64)
    written_fingerprint = models.CharField("dấu vân tay nội dung đã ghi", max_length=64)
    imported_at = models.DateTimeField("lần nhập cuối", auto_now=True, db_index=True)
    # Attribution (articles/legacy/attribution.py): the agency the import filed the article under, and the
    # `Nguồn` name no agency answered (then the article went to the fallback agency). The next run files it
    # under that agency once an editor adds the name as an alias, unless someone moved the article meanwhile.
    filed_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan được gán khi nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unmatched_source = models.CharField("tên nguồn chưa khớp cơ quan nào", max_length=255, blank=True)

    class Meta:
        db_table = (
            "articles_legacyimport"  # created by the newsroom app's migrations, before the import had its own app
        )
        verbose_name = "lần nhập bài cũ"
        verbose_name_plural = "lần nhập bài cũ"

    def __str__(self) -> str:
        return f"{self.article.legacy_id} ({self.imported_at:%d/%m/%Y %H:%M})"

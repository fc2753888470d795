"""Articles that name documents by their number, and numbers no document answers yet (articles/documents/linking.py)."""

from __future__ import annotations

from django.db import models

from articles.documents.models.register import Document
from articles.newsroom.models import Article


class DocumentMention(models.Model):
    """An article names a document by its number: the article links to it, the document lists the article."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="document_mentions")

    class Meta:
        verbose_name = "bài viết nhắc đến văn bản"
        verbose_name_plural = "bài viết nhắc đến văn bản"
        constraints = [models.UniqueConstraint(fields=["document", "article"], name="document_mention_once")]

    def __str__(self) -> str:
        return f"{self.article} → {self.document}"


class NumberSuggestion(models.Model):
    """A number named in an article that no document of the register has: a suggestion for an editor, who may
    add the document; it is never created by itself. Once the document exists the suggestion becomes a link."""

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="document_suggestions"
    )
    number = models.CharField("số, ký hiệu", max_length=60)
    number_key = models.CharField(max_length=80, db_index=True)
    year = models.PositiveSmallIntegerField("năm ghi trong số", null=True, blank=True)
    created_at = models.DateTimeField("ngày ghi nhận", auto_now_add=True)

    class Meta:
        verbose_name = "số văn bản chưa có trong danh mục"
        verbose_name_plural = "số văn bản chưa có trong danh mục"
        ordering = ["number_key", "article"]
        constraints = [models.UniqueConstraint(fields=["article", "number_key"], name="number_suggestion_once")]

    def __str__(self) -> str:
        return self.number

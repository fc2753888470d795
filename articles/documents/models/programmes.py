"""A programme's results: its targets (chỉ tiêu) and progress reports (báo cáo kết quả thực hiện).

A programme (articles.Programme, what articles are tagged with) is founded by a document of type Chương trình
(`Document.programme`). Targets are public with the programme; a report is public once its attached report
document is published, so reports go through the documents' workflow rather than a second set of rules.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from articles.documents.models.register import Document
from articles.newsroom.models import Programme


class ProgrammeTarget(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name="chương trình", on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField("chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=50, help_text="Ví dụ: km, %, trường, tỷ đồng.")
    target_value = models.DecimalField("giá trị mục tiêu", max_digits=14, decimal_places=2)
    deadline = models.DateField("thời hạn")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    # The target's name in the backup archive, the same in every database.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def clean(self) -> None:
        if not (self.unit or "").strip():
            raise ValidationError({"unit": "Hãy ghi đơn vị tính của chỉ tiêu (ví dụ: km, %, trường)."})
        if self.target_value is not None and self.target_value <= 0:
            raise ValidationError({"target_value": "Giá trị mục tiêu phải là một số lớn hơn 0."})

    def progress(self, value: Decimal | None) -> int | None:
        """Percent of the target reached by `value`, 0–100 (a bar cannot go past full)."""
        if value is None or not self.target_value:
            return None
        return max(0, min(100, int(value * 100 / self.target_value)))


class ProgressReport(models.Model):
    class Period(models.TextChoices):
        Q1 = "q1", "Quý I"
        Q2 = "q2", "Quý II"
        H1 = "h1", "6 tháng đầu năm"
        Q3 = "q3", "Quý III"
        Q4 = "q4", "Quý IV"
        YEAR = "year", "Cả năm"

    programme = models.ForeignKey(
        Programme, verbose_name="chương trình", on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ báo cáo", max_length=10, choices=Period.choices)
    text = models.TextField("kết quả thực hiện")
    document = models.ForeignKey(
        Document,
        verbose_name="văn bản báo cáo",
        on_delete=models.PROTECT,
        related_name="progress_reports",
        help_text="Báo cáo kèm theo; kết quả được công bố khi văn bản này được đăng.",
    )
    created_at = models.DateTimeField("ngày nhập", auto_now_add=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "báo cáo kết quả thực hiện"
        verbose_name_plural = "báo cáo kết quả thực hiện"
        ordering = ["-year", "-period", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "period"], name="progress_report_once_a_period")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"{self.get_period_display()} {self.year}"

    @property
    def period_end(self) -> datetime.date:
        return period_end(self.year, self.period)

    def clean(self) -> None:
        if self.year is not None and not 1945 <= self.year <= 2100:
            raise ValidationError({"year": "Năm báo cáo không hợp lệ."})
        if self.programme_id and self.year and self.period:
            twin = ProgressReport.objects.filter(programme_id=self.programme_id, year=self.year, period=self.period)
            if twin.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"period": f"Chương trình này đã có báo cáo {self.get_period_display()} {self.year}."}
                )


def period_end(year: int, period: str) -> datetime.date:
    month = {"q1": 3, "q2": 6, "h1": 6, "q3": 9, "q4": 12, "year": 12}[period]
    return datetime.date(year, month, 30 if month in (6, 9) else 31)


class ReportedValue(models.Model):
    report = models.ForeignKey(ProgressReport, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(
        ProgrammeTarget, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(
        "giá trị đạt được",
        max_digits=14,
        decimal_places=2,
        error_messages={"invalid": "Giá trị đạt được phải là một số, ví dụ 12,5."},
    )

    class Meta:
        verbose_name = "kết quả theo chỉ tiêu"
        verbose_name_plural = "kết quả theo chỉ tiêu"
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="reported_value_once")]

    def __str__(self) -> str:
        return f"{self.target.name}: {self.value}"

    def clean(self) -> None:
        if self.report_id and self.target_id and self.target.programme_id != self.report.programme_id:
            raise ValidationError({"target": "Chỉ tiêu này thuộc chương trình khác."})


class ProgrammeReporting(Programme):
    """Programmes as editors follow their results: targets, reports, and which lack the last period's report."""

    class Meta:
        proxy = True
        verbose_name = "kết quả chương trình"
        verbose_name_plural = "kết quả chương trình"

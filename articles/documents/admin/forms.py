"""Admin forms of the register: a file checked from its content, a value typed as Vietnamese editors write it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from articles.documents import files, services
from articles.documents.models import DocumentFile, ProgrammeTarget, ReportedValue


class DocumentFileForm(forms.ModelForm):
    upload = forms.FileField(
        label="Tệp",
        required=False,
        help_text=f"{files.ACCEPTED}, tối đa 50 MB; loại tệp được kiểm tra theo nội dung.",
    )

    class Meta:
        model = DocumentFile
        fields = ["upload", "order"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if self.instance.pk is None and self.has_changed():
                raise ValidationError("Hãy chọn tệp cần tải lên.")
            return None
        if self.instance.pk is not None:
            raise ValidationError("Không thay tệp đã tải lên; hãy xóa dòng này và thêm tệp mới.")
        return files.check_document_file(upload)

    def save(self, commit: bool = True) -> DocumentFile:
        checked = self.cleaned_data.get("upload")
        if isinstance(checked, files.CheckedFile):
            attached = self.instance
            attached.label, attached.kind, attached.size = checked.label, checked.kind, checked.size
            attached.sha256, attached.pages = checked.sha256, checked.pages
            attached.file.save(checked.stored_name, files.stored_content(checked), save=False)
            self.preview_of = checked
        return super().save(commit=commit)


class ValueField(forms.CharField):
    """A number typed as `12,5`, `1.234,5` or `12.5` (services.parse_value), refused with a Vietnamese message."""

    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        return services.parse_value(text) if text else None


class ReportedValueForm(forms.ModelForm):
    value = ValueField(label="Giá trị đạt được", help_text="Ví dụ: 12 hoặc 12,5.")

    class Meta:
        model = ReportedValue
        fields = ["target", "value"]


class ProgrammeTargetForm(forms.ModelForm):
    target_value = ValueField(label="Giá trị mục tiêu", help_text="Ví dụ: 100 hoặc 12,5.")

    class Meta:
        model = ProgrammeTarget
        fields = ["name", "unit", "target_value", "deadline", "order"]

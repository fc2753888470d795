"""The register's filter form: choices read with one small query each, values kept as slugs."""

from __future__ import annotations

from typing import cast

from django import forms

from articles.documents.models import DocumentField, DocumentType
from articles.documents.selectors import RegisterFilters
from articles.documents.validity import Validity
from articles.newsroom.models import Agency

MAX_QUERY_LENGTH = 200
INVALID_CHOICE = "Lựa chọn không có trong danh sách; hãy chọn lại."


class RegisterForm(forms.Form):
    q = forms.CharField(
        label="Số, ký hiệu hoặc từ khóa",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Từ khóa dài tối đa {MAX_QUERY_LENGTH} ký tự; hãy rút gọn lại."},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ví dụ: 06-CTr/TU hoặc QĐ 1234"}),
    )
    loai = forms.ChoiceField(label="Loại văn bản", required=False, error_messages={"invalid_choice": INVALID_CHOICE})
    co_quan = forms.ChoiceField(
        label="Cơ quan ban hành", required=False, error_messages={"invalid_choice": INVALID_CHOICE}
    )
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False, error_messages={"invalid_choice": INVALID_CHOICE})
    nam = forms.IntegerField(
        label="Năm ban hành",
        required=False,
        min_value=1945,
        max_value=2100,
        error_messages={
            "invalid": "Năm phải là một số, ví dụ 2024.",
            "min_value": "Năm ban hành không hợp lệ.",
            "max_value": "Năm ban hành không hợp lệ.",
        },
    )
    hieu_luc = forms.ChoiceField(
        label="Tình trạng hiệu lực",
        required=False,
        choices=[("", "Tất cả"), *Validity.choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = cast(dict[str, forms.ChoiceField], self.fields)
        fields["loai"].choices = [("", "Tất cả loại"), *DocumentType.objects.values_list("slug", "name")]
        fields["co_quan"].choices = [
            ("", "Tất cả cơ quan"),
            *Agency.objects.order_by("name").values_list("slug", "name"),
        ]
        fields["linh_vuc"].choices = [("", "Tất cả lĩnh vực"), *DocumentField.objects.values_list("slug", "name")]

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            q=data["q"].strip(),
            type=data["loai"],
            agency=data["co_quan"],
            field=data["linh_vuc"],
            year=data["nam"],
            validity=data["hieu_luc"],
        )

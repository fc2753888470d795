"""Public forms: the search form (GET) with its filters."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.db.models import CharField, F, IntegerField, Value
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.newsroom.models import Agency, Official, Programme
from articles.search.query import MAX_QUERY_LENGTH
from articles.search.widgets import ListModelChoiceField, QuickSelect


class DateInput(forms.DateInput):
    """A day typed and shown as dd/mm/yyyy, as Vietnamese readers write it (a browser's date picker follows the
    browser's language instead). Links written with ISO dates (yyyy-mm-dd) still work."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": _("ngày/tháng/năm"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)

    def format_value(self, value):
        if isinstance(value, str):  # as typed: shown as dd/mm/yyyy when it is an ISO date, else as it was
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value
        return super().format_value(value)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": format_lazy(_("Từ khóa dài tối đa {} ký tự; hãy rút gọn lại."), MAX_QUERY_LENGTH)
        },
        widget=forms.TextInput(attrs={"type": "search", "id": "search-q"}),
    )
    co_quan = ListModelChoiceField(
        label=_("Cơ quan"),
        queryset=Agency.objects.order_by("name"),
        to_field_name="slug",
        label_fields=("name",),
        required=False,
        empty_label=_("Tất cả cơ quan"),
        widget=QuickSelect,
    )
    can_bo = ListModelChoiceField(
        label=_("Cán bộ"),
        queryset=Official.objects.order_by("full_name"),
        to_field_name="slug",
        label_fields=("full_name",),
        required=False,
        empty_label=_("Tất cả cán bộ"),
        widget=QuickSelect,
    )
    chuong_trinh = ListModelChoiceField(
        label=_("Chương trình"),
        queryset=Programme.objects.order_by("code"),
        to_field_name="slug",
        label_fields=("code", "title"),
        label_from_values=Programme.label_for,
        required=False,
        empty_label=_("Tất cả chương trình"),
        widget=QuickSelect,
    )
    tu_ngay = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=DateInput(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.")},
    )
    den_ngay = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=DateInput(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.")},
    )

    LISTS = ("co_quan", "can_bo", "chuong_trinh")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LISTS:
            self.fields[name].error_messages["invalid_choice"] = _("Lựa chọn không có trong danh sách; hãy chọn lại.")
        self._read_lists_together()

    def _read_lists_together(self) -> None:
        """The three filter lists in one query (UNION ALL) instead of one each: every page also carries the site's
        own chrome (the footer's pages, the menu), and the search page must stay within its query budget."""
        fields = [cast(ListModelChoiceField, self.fields[name]) for name in self.LISTS]
        parts = []
        for number, field in enumerate(fields):
            first, *rest = field.label_fields
            extra = F(rest[0]) if rest else Value("", output_field=CharField())
            parts.append(
                field._choices_queryset()
                .order_by()
                .annotate(
                    list_number=Value(number, output_field=IntegerField()),
                    list_key=F(field.to_field_name or "pk"),
                    list_label=F(first),
                    list_extra=extra,
                )
                .values_list("list_number", "pk", "list_key", "list_label", "list_extra")
            )
        rows: dict[int, list[tuple]] = {number: [] for number in range(len(self.LISTS))}
        combined = parts[0].union(*parts[1:], all=True).order_by("list_number", "list_label", "pk")
        for number, pk, key, label, extra in combined:
            rows[number].append((pk, key, label, extra) if len(fields[number].label_fields) > 1 else (pk, key, label))
        for number, field in enumerate(fields):
            field._rows = rows[number]  # the field's own memo of its rows (ListModelChoiceField.rows)

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end and end < start:
            self.add_error("den_ngay", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return cleaned

    @property
    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("co_quan", "can_bo", "chuong_trinh", "tu_ngay", "den_ngay"))

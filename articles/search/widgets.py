"""Form widgets for the public pages."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs_html(attrs: dict) -> str:
    """Attributes as Django's django/forms/widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


class QuickSelect(forms.Select):
    """A <select> with the markup of Django's Select, written in Python instead of one template per option.

    The search form on every search page lists 300 agencies, officials and programmes; rendering them
    through the widget templates cost more than the search itself, and even Django's option dictionaries
    (`Select.optgroups`) cost a millisecond a page. Flat choices only, as a model choice field gives.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        lines = [f'<select name="{html.escape(name)}"{_attrs_html(final_attrs)}>']
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            lines.append(f'  <option value="{html.escape(text)}"{mark}>{html.escape(str(label))}</option>')
            if mark and not self.allow_multiple_selected:
                selected = set()  # as Django's Select: only the first matching option is selected
        lines.append("</select>")
        return mark_safe("\n".join(lines))


class ListChoiceIterator(ModelChoiceIterator):
    """The choices as (value, label) pairs read with one plain query of just the columns they need.

    Django's ModelChoiceIterator reads model instances through `QuerySet.iterator()`, a server-side cursor
    on PostgreSQL (DECLARE, FETCH and CLOSE, three round trips), for a list of a few hundred names.
    """

    field: ListModelChoiceField

    def __iter__(self) -> Iterator[tuple[str, str]]:
        if self.field.empty_label is not None:
            yield ("", str(self.field.empty_label))
        for _, value, *label_values in self.field.rows():
            yield (value, self.field.label_from_values(*label_values))


class ListModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices are built from `label_fields` by `label_from_values` (the same text
    as the model's __str__), not from model instances. The one query that lists them also checks the value
    chosen: the cleaned value is an instance holding just the primary key and those fields."""

    iterator = ListChoiceIterator

    def __init__(
        self, *args, label_fields: tuple[str, ...], label_from_values: Callable[..., str] = str, **kwargs
    ) -> None:
        self.label_fields = label_fields
        self.label_from_values = label_from_values
        super().__init__(*args, **kwargs)

    def rows(self) -> list[tuple[Any, ...]]:
        """(pk, value, *label fields) of every choice, read once per form (fields are copied per form)."""
        if getattr(self, "_rows", None) is None:
            columns = ("pk", self.to_field_name or "pk", *self.label_fields)
            self._rows = list(self._choices_queryset().values_list(*columns))
        return self._rows

    def _choices_queryset(self) -> QuerySet[Any]:
        if self.queryset is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset")
        return self.queryset

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        for pk, key, *labels in self.rows():
            if str(key) == str(value):
                fields = {self.to_field_name or "pk": key, **dict(zip(self.label_fields, labels, strict=True))}
                return self._choices_queryset().model(pk=pk, **fields)
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

"""Form widgets for the public pages."""

from __future__ import annotations

from django import forms
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
    through the widget templates cost more than the search itself.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                lines.append(f'  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                lines.append(
                    f'  <option value="{conditional_escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                lines.append("  </optgroup>")
        lines.append("</select>")
        return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped


class ListChoiceIterator(ModelChoiceIterator):
    """The choices read with one plain query.

    Django's ModelChoiceIterator reads through `QuerySet.iterator()`, a server-side cursor on
    PostgreSQL: DECLARE, FETCH and CLOSE, three round trips for a list of a few hundred names.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListModelChoiceField(forms.ModelChoiceField):
    iterator = ListChoiceIterator

"""Spokespersons are entered on their agency's page in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from articles.newsroom.admin.directory import AgencyAdmin
from articles.newsroom.models import Agency
from articles.press.models import Spokesperson, overlap_message


class SpokespersonFormSet(BaseInlineFormSet):
    """Two rows of one role whose periods overlap, typed in the same form, are refused before anything is saved."""

    def full_clean(self) -> None:
        # Rows of this form are compared with each other as typed (below), not with their stored dates: ending
        # one spokesperson and adding the next in one save is allowed.
        in_form = {form.instance.pk for form in self.forms if form.instance.pk}
        for form in self.forms:
            form.instance.compared_in_form = in_form
        super().full_clean()

    def clean(self) -> None:
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.start_date
        ]
        for i, first in enumerate(rows):
            for second in rows[i + 1 :]:
                if first.role == second.role and first.overlaps(second):
                    raise ValidationError(overlap_message(second, first))


class SpokespersonInline(admin.TabularInline):
    model = Spokesperson
    formset = SpokespersonFormSet
    extra = 0
    autocomplete_fields = ["official"]
    fields = ["official", "role", "phone", "email", "start_date", "end_date"]


class AgencyWithPressAdmin(AgencyAdmin):
    inlines = [*AgencyAdmin.inlines, SpokespersonInline]


admin.site.unregister(Agency)
admin.site.register(Agency, AgencyWithPressAdmin)

"""Django admin of credit requirements: checked and saved through :mod:`attendance_app.api.cycles`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from attendance_app.admin import _add_api_errors
from attendance_app.api import cycles
from attendance_app.exceptions import InvalidInput
from attendance_app.models import CreditRequirement


class CreditRequirementForm(forms.ModelForm):
    """A requirement, checked by :func:`cycles.validate_requirement_fields` like the REST API."""

    class Meta:
        model = CreditRequirement
        fields = ["org", *cycles.EDITABLE_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        org = cleaned.get("org", "") if "org" in self.fields else self.instance.org
        data = {name: cleaned.get(name) for name in cycles.EDITABLE_FIELDS}
        try:
            self.requirement_data = {"org": org, **cycles.validate_requirement_fields(data, org)}
        except InvalidInput as error:
            _add_api_errors(self, error)
        return cleaned


@admin.register(CreditRequirement)
class CreditRequirementAdmin(admin.ModelAdmin):
    form = CreditRequirementForm
    list_display = ("org", "acronym", "required_credits", "period_kind", "window_months", "start", "modified")
    list_filter = ("period_kind", "org")
    search_fields = ("org", "acronym")
    ordering = ("org", "acronym", "id")
    readonly_fields = ("created", "modified")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "org") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: CreditRequirement, form: Any, change: bool) -> None:
        """Save through the API: its permission check and its one-requirement-per-acronym rule."""
        data = dict(form.requirement_data)
        if change:
            data.pop("org")
            saved = cycles.update_requirement(request.user.id, obj.pk, data)
        else:
            saved = cycles.create_requirement(request.user.id, data)
        obj.pk = saved.pk
        obj.refresh_from_db()

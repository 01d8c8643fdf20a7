"""Django admin for operators.

The admin is an edge like REST: it validates and saves through :mod:`attendance_app.api`, so it
cannot store what the API refuses (a zero-minute unit, an external URL with an unknown
placeholder, a duplicate acronym, an org switch on while the site is off). Activities mirror
their XBlock's fields, so they are shown here but changed in Studio only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from attendance_app import api, clock
from attendance_app.api.units import EDITABLE_FIELDS, MAX_FREQUENCY
from attendance_app.exceptions import AttendanceError, InvalidInput
from attendance_app.models import (
    AUTOMATIC_FREQUENCY,
    Activity,
    ActivityLogEntry,
    ActivityUnitRule,
    Attendance,
    CallbackReceipt,
    Certificate,
    CertificateFingerprint,
    Claim,
    CoachAssignment,
    CourseCertificateSettings,
    CreditUnit,
    FeatureSwitch,
    ManagedBy,
    ReportFile,
    SponsorSettings,
    SwitchScope,
)


class ArchivedListFilter(admin.SimpleListFilter):
    """Archived (``archived_at`` set) or in use."""

    title = gettext_lazy("archived")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", gettext_lazy("Archived")), ("no", gettext_lazy("In use"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        return queryset


def _add_api_errors(form: forms.BaseForm, error: InvalidInput) -> None:
    """Show each field error of the API next to its field, or above the form when it has none."""
    if not error.field_errors:
        form.add_error(None, error.message)
    for field, field_messages in error.field_errors.items():
        if field in form.fields:
            form.add_error(field, field_messages)
        else:
            form.add_error(None, [f"{field}: {message}" for message in field_messages])


class CreditUnitForm(forms.ModelForm):
    """A unit, checked by :func:`attendance_app.api.validate_unit_fields` like every other edge."""

    minimum_frequency = forms.TypedChoiceField(
        label=gettext_lazy("Minimum frequency"),
        choices=[
            (AUTOMATIC_FREQUENCY, gettext_lazy("Automatic")),
            *((count, str(count)) for count in range(1, MAX_FREQUENCY + 1)),
        ],
        coerce=int,
        initial=AUTOMATIC_FREQUENCY,
        help_text=gettext_lazy("Prompts per unit duration, at least; Automatic is 3 per 50 minutes."),
    )
    # Plain text: the API, not Django's URL field, decides which addresses and placeholders are valid.
    external_url = forms.CharField(
        label=gettext_lazy("External URL"),
        required=False,
        max_length=2000,
        help_text=format_lazy(
            gettext_lazy("External units only. Placeholders: {names}."),
            names=", ".join(f"{{{{{name}}}}}" for name in api.PLACEHOLDERS),
        ),
    )

    class Meta:
        model = CreditUnit
        fields = ["org", *EDITABLE_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = {name: cleaned.get(name) for name in EDITABLE_FIELDS if name in self.fields}
        data["org"] = cleaned.get("org", "") if "org" in self.fields else self.instance.org
        if data.get("minimum_frequency") == AUTOMATIC_FREQUENCY:
            data["minimum_frequency"] = "automatic"
        try:
            api.validate_unit_fields(data, unit_id=self.instance.pk)
        except InvalidInput as error:
            _add_api_errors(self, error)
        self.unit_data = data
        return cleaned


@admin.register(CreditUnit)
class CreditUnitAdmin(admin.ModelAdmin):
    form = CreditUnitForm
    list_display = ("acronym", "name", "org", "managed_by", "duration", "increment", "archived")
    list_filter = ("managed_by", "org", "increment", "rounding", ArchivedListFilter)
    search_fields = ("acronym", "name", "org")
    ordering = ("org", "acronym", "id")
    readonly_fields = ("template", "masked_callback_secret", "archived_at", "created", "modified")
    actions = ["archive_units"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A unit never moves to another catalogue: its rules and credit belong to this one.
        return (*self.readonly_fields, "org") if obj is not None else self.readonly_fields

    @admin.display(description=gettext_lazy("duration"))
    def duration(self, unit: CreditUnit) -> str:
        return api.format_duration(unit.hours, unit.minutes) if unit.managed_by == ManagedBy.INTERNAL else "—"

    @admin.display(description=gettext_lazy("archived"), boolean=True, ordering="archived_at")
    def archived(self, unit: CreditUnit) -> bool:
        return unit.archived_at is not None

    @admin.display(description=gettext_lazy("callback secret"))
    def masked_callback_secret(self, unit: CreditUnit) -> str:
        if not unit.callback_secret:
            return "—"
        return _("•••••••• (ends in {last}; rotate it through the API to see a new one)").format(
            last=unit.callback_secret[-4:]
        )

    def save_model(self, request: HttpRequest, obj: CreditUnit, form: Any, change: bool) -> None:
        """Save through the API, which also sets the secret of external units and the acronym scope."""
        data = dict(form.unit_data)
        if change:
            data.pop("org")
            saved = api.update_unit(request.user.id, obj.pk, data)
        else:
            saved = api.create_unit(request.user.id, data)
        obj.pk = saved.pk
        obj.refresh_from_db()

    @admin.action(description=gettext_lazy("Archive the selected units"))
    def archive_units(self, request: HttpRequest, queryset: QuerySet[CreditUnit]) -> None:
        now = clock.now()
        units = list(queryset)
        for unit in units:
            api.archive_unit(request.user.id, unit.pk, now)
        message = ngettext("{count} unit archived.", "{count} units archived.", len(units))
        self.message_user(request, message.format(count=len(units)), messages.SUCCESS)


class ReadOnlyAdminMixin:
    """Shown to operators, changed only through the API's own edges."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ActivityUnitRuleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ActivityUnitRule
    fields = ("unit", "quiz_usage_key", "min_grade", "created")
    readonly_fields = fields
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Activities mirror their blocks' fields: authors change them in Studio."""

    list_display = ("display_name", "usage_key", "course_key", "mode", "archived")
    list_filter = ("mode", ArchivedListFilter)
    search_fields = ("display_name", "usage_key", "course_key")
    inlines = [ActivityUnitRuleInline]

    @admin.display(description=gettext_lazy("archived"), boolean=True, ordering="archived_at")
    def archived(self, activity: Activity) -> bool:
        return activity.archived_at is not None


@admin.register(FeatureSwitch)
class FeatureSwitchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Switches change through the API's setters, which keep a course from enabling what its org keeps off."""

    list_display = ("scope", "key", "enabled", "changed_by", "modified")
    list_filter = ("scope", "enabled")
    search_fields = ("key",)
    actions = ["turn_on", "turn_off"]

    def _switch(self, request: HttpRequest, queryset: QuerySet[FeatureSwitch], enabled: bool) -> None:
        for switch in queryset.order_by("scope", "key"):
            try:
                if switch.scope == SwitchScope.SITE:
                    api.set_site_switch(request.user.id, enabled)
                elif switch.scope == SwitchScope.ORG:
                    api.set_org_switch(request.user.id, switch.key, enabled)
                else:
                    api.set_course_switch(request.user.id, api.parse_course_key(switch.key), enabled)
            except AttendanceError as error:
                self.message_user(request, f"{switch.key or _('Site')}: {error.message}", messages.ERROR)
            else:
                message = (
                    _("Attendance tracking is on for {scope}.")
                    if enabled
                    else _("Attendance tracking is off for {scope}.")
                )
                self.message_user(request, message.format(scope=switch.key or _("the whole site")))

    @admin.action(description=gettext_lazy("Turn attendance tracking on"))
    def turn_on(self, request: HttpRequest, queryset: QuerySet[FeatureSwitch]) -> None:
        self._switch(request, queryset, True)

    @admin.action(description=gettext_lazy("Turn attendance tracking off"))
    def turn_off(self, request: HttpRequest, queryset: QuerySet[FeatureSwitch]) -> None:
        self._switch(request, queryset, False)


class CoachAssignmentForm(forms.ModelForm):
    class Meta:
        model = CoachAssignment
        fields = ["user", "course_key", "cohort_id"]

    def clean_course_key(self) -> Any:
        try:
            return api.parse_course_key(self.cleaned_data.get("course_key"))
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from error


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    form = CoachAssignmentForm
    list_display = ("user", "course_key", "cohort_id", "created")
    search_fields = ("user__username", "user__email", "course_key")
    raw_id_fields = ("user",)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The time ledger: evidence, never edited by hand."""

    list_display = (
        "user",
        "activity",
        "first_join_at",
        "last_beat_at",
        "confirmed_seconds",
        "hits",
        "misses",
    )
    search_fields = ("user__username", "user__email", "activity__display_name")
    list_select_related = ("user", "activity")


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Claimed credit: made by learners, kept as claimed."""

    list_display = ("user", "activity", "unit", "units", "claimed_at", "updated_at", "source", "revoked_at")
    list_filter = ("source", "unit__acronym")
    search_fields = ("user__username", "user__email", "activity__display_name")
    list_select_related = ("user", "activity", "unit")


@admin.register(ActivityLogEntry)
class ActivityLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The activity log behind seed 004's report."""

    list_display = ("created_at", "user", "category", "action", "label", "content_name")
    list_filter = ("category", "action")
    search_fields = ("user__username", "content_name", "content_id")
    list_select_related = ("user",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Certificates are issued from claims; their codes are what the public verify page checks."""

    list_display = ("code", "claim", "issued_at", "revoked_at", "replaced_by")
    search_fields = ("code", "claim__user__username", "claim__activity__display_name")
    list_select_related = ("claim", "replaced_by")


@admin.register(CertificateFingerprint)
class CertificateFingerprintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The SHA-256 of each PDF served: an uploaded PDF with one of these hashes is genuine."""

    list_display = ("sha256", "certificate", "recorded_at")
    search_fields = ("sha256", "certificate__code")
    list_select_related = ("certificate",)


@admin.register(CourseCertificateSettings)
class CourseCertificateSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Changed by course teams through the API, which validates them."""

    list_display = ("course_key", "visibility")
    search_fields = ("course_key",)


@admin.register(SponsorSettings)
class SponsorSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Changed on the sponsor settings page (/attendance/sponsors/) and the API, which check images."""

    list_display = ("org", "course_id", "name", "modified")
    search_fields = ("org", "course_id", "name")
    exclude = ("signature_image", "logo_image")


@admin.register(CallbackReceipt)
class CallbackReceiptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every signed callback an external credit system sent, with the answer it got."""

    list_display = ("received_at", "unit", "idempotency_key", "status")
    list_filter = ("status",)
    search_fields = ("idempotency_key", "unit__acronym")
    list_select_related = ("unit",)


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Reports asked for "Via email": read only; deleting one removes its stored file too."""

    list_display = (
        "id",
        "kind",
        "file_format",
        "course_key",
        "user",
        "status",
        "rows_written",
        "requested_at",
    )
    list_filter = ("status", "kind", "file_format")
    search_fields = ("course_key", "user__username")
    readonly_fields = [field.name for field in ReportFile._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ReportFile) -> None:
        obj.file.delete(save=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ReportFile]) -> None:
        for report_file in queryset:
            report_file.file.delete(save=False)
        super().delete_queryset(request, queryset)


# The classroom tables and the credit requirements live in their own modules; importing them registers them.
from attendance_app import admin_classroom, admin_cycles  # noqa: E402, F401

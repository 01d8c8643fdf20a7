"""Django admin of the classroom tables: shown to operators, changed through the API's edges only."""

from __future__ import annotations

from django.contrib import admin

from attendance_app.admin import ReadOnlyAdminMixin
from attendance_app.models import AttendanceStatus, CheckIn, Mark, MarkAudit, Registration, Slot


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "activity", "start", "end", "duration_hours", "capacity", "automarked_at")
    list_filter = ("activity__course_key",)
    search_fields = ("title", "activity__display_name")
    exclude = ("checkin_secret",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "slot", "status", "created", "promoted_at")
    list_filter = ("status",)
    search_fields = ("user__username", "slot__title")
    list_select_related = ("user", "slot")


@admin.register(AttendanceStatus)
class AttendanceStatusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("course_key", "code", "label", "credit_percent", "counts_in_denominator")
    search_fields = ("course_key", "code")


@admin.register(Mark)
class MarkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "slot", "status", "source", "walk_in", "marked_by", "marked_at", "version")
    list_filter = ("source", "status__code")
    search_fields = ("user__username", "slot__title")
    list_select_related = ("user", "slot", "status", "marked_by")


@admin.register(MarkAudit)
class MarkAuditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "user", "slot", "actor", "source", "before_status", "after_status", "version")
    list_filter = ("source",)
    search_fields = ("user__username", "slot__title")
    list_select_related = ("user", "slot", "actor")


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "user", "slot", "ip_address", "outcome")
    list_filter = ("outcome",)
    search_fields = ("user__username", "ip_address")

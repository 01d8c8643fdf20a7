"""Routes of the classroom endpoints, spliced into :mod:`attendance_app.rest_api.v1.urls`."""

from django.urls import path

import attendance_app.url_converters  # noqa: F401 - registers <attendance_id:…>
from attendance_app.rest_api.v1 import classroom, classroom_checkin, classroom_files

SLOT = "activities/<str:usage_key>/slots/<attendance_id:slot_id>/"

urlpatterns = [
    path("activities/<str:usage_key>/slots/", classroom.SlotListView.as_view(), name="activity-slots"),
    path(
        "activities/<str:usage_key>/slots/attendance/",
        classroom.AttendanceFiguresView.as_view(),
        name="activity-slot-attendance",
    ),
    path(
        "activities/<str:usage_key>/slots/import/",
        classroom_files.SlotImportView.as_view(),
        name="slot-import",
    ),
    path(
        "activities/<str:usage_key>/slots/my.ics",
        classroom_files.CalendarView.as_view(),
        name="slot-calendar",
    ),
    path(f"{SLOT}marks/import/", classroom_files.MarkImportView.as_view(), name="slot-mark-import"),
    path(f"{SLOT}roster.csv", classroom_files.RosterView.as_view(), name="slot-roster"),
    path(SLOT, classroom.SlotDetailView.as_view(), name="activity-slot"),
    path(f"{SLOT}registration/", classroom.RegistrationView.as_view(), name="slot-registration"),
    path(f"{SLOT}marks/", classroom.MarkListView.as_view(), name="slot-marks"),
    path(f"{SLOT}marks/<attendance_id:user_id>/", classroom.MarkDetailView.as_view(), name="slot-mark"),
    path(f"{SLOT}mark-unmarked/", classroom.BulkMarkView.as_view(), name="slot-mark-unmarked"),
    path(f"{SLOT}checkin-code/", classroom_checkin.CheckinCodeView.as_view(), name="slot-checkin-code"),
    path(f"{SLOT}checkin/", classroom_checkin.CheckinView.as_view(), name="slot-checkin"),
    path(f"{SLOT}checkins/", classroom_checkin.CheckinListView.as_view(), name="slot-checkins"),
    path(
        "activities/<str:usage_key>/classroom-settings/",
        classroom_checkin.ClassroomSettingsView.as_view(),
        name="activity-classroom-settings",
    ),
    path(f"{SLOT}audit/", classroom.MarkAuditView.as_view(), name="slot-audit"),
    path(
        "activities/<str:usage_key>/statuses/", classroom.StatusListView.as_view(), name="activity-statuses"
    ),
    path(
        "activities/<str:usage_key>/statuses/<slug:code>/",
        classroom.StatusDetailView.as_view(),
        name="activity-status",
    ),
]

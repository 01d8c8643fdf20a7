"""Pages under ``/attendance/``."""

from django.urls import path

import attendance_app.url_converters  # noqa: F401 - registers <attendance_id:…>
from attendance_app.web import (
    certificates,
    classroom,
    course,
    dashboard,
    evidence,
    my_credits,
    reports,
    sponsors,
    units,
)

urlpatterns = [
    path("my-credits/", my_credits.my_credits, name="my-credits"),
    path("my-credits/claim/", my_credits.claim, name="my-credits-claim"),
    path("my-credits/certificate/", certificates.issue, name="my-credits-certificate"),
    path("certificates/<str:code>/", certificates.download, name="certificate-download"),
    path("verify/<str:code>/", certificates.verify, name="certificate-verify"),
    path("sponsors/", sponsors.sponsor_settings, name="sponsors"),
    path("sponsors/preview/", sponsors.sponsor_preview, name="sponsor-preview"),
    path("units/", units.catalogue, name="units"),
    path("units/<attendance_id:unit_id>/", units.unit_detail, name="unit-detail"),
    path("units/<attendance_id:unit_id>/delete/", units.unit_delete, name="unit-delete"),
    path("activities/<str:usage_key>/evidence/", evidence.activity_evidence, name="activity-evidence-page"),
    path("activities/<str:usage_key>/classroom/", classroom.slots, name="classroom-slots"),
    path(
        "activities/<str:usage_key>/classroom/<attendance_id:slot_id>/", classroom.slot, name="classroom-slot"
    ),
    path("dashboard/", dashboard.groups, name="group-dashboard"),
    path("courses/<str:course_key>/", course.course_entry, name="course-entry"),
    path("courses/<str:course_key>/dashboard/", dashboard.dashboard, name="course-dashboard"),
    path("courses/<str:course_key>/reports/<str:filename>", reports.download, name="course-report"),
    path(
        "courses/<str:course_key>/reports/<str:filename>/email/",
        reports.email_report,
        name="course-report-email",
    ),
    path("reports/", reports.my_reports, name="my-reports"),
    path("reports/files/<attendance_id:report_id>/", reports.report_file, name="report-file"),
]

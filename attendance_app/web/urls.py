"""Pages under ``/attendance/``."""

from django.urls import path

import attendance_app.url_converters  # noqa: F401 - registers <attendance_id:…>
from attendance_app.web import (
    audit_pack,
    certificate_lifecycle,
    certificate_verification,
    certificates,
    checkin,
    classroom,
    course,
    credit_requirements,
    dashboard,
    evidence,
    my_credits,
    report_page,
    reports,
    sponsors,
    units,
)

urlpatterns = [
    path("my-credits/", my_credits.my_credits, name="my-credits"),
    path("my-credits/claim/", my_credits.claim, name="my-credits-claim"),
    path("my-credits/certificate/", certificates.issue, name="my-credits-certificate"),
    path("certificates/<str:code>/", certificates.download, name="certificate-download"),
    path("verify/", certificate_verification.verify_lookup, name="certificate-verify-lookup"),
    path("verify/<str:code>.json", certificate_verification.verify_json, name="certificate-verify-json"),
    path("verify/<str:code>/", certificate_verification.verify, name="certificate-verify"),
    path("sponsors/", sponsors.sponsor_settings, name="sponsors"),
    path("sponsors/preview/", sponsors.sponsor_preview, name="sponsor-preview"),
    path("credit-requirements/", credit_requirements.requirements_page, name="credit-requirements"),
    path(
        "credit-requirements/<attendance_id:requirement_id>/",
        credit_requirements.requirement_detail,
        name="credit-requirement",
    ),
    path(
        "credit-requirements/<attendance_id:requirement_id>/delete/",
        credit_requirements.requirement_delete,
        name="credit-requirement-delete",
    ),
    path("units/", units.catalogue, name="units"),
    path("units/<attendance_id:unit_id>/", units.unit_detail, name="unit-detail"),
    path("units/<attendance_id:unit_id>/delete/", units.unit_delete, name="unit-delete"),
    path("activities/<str:usage_key>/evidence/", evidence.activity_evidence, name="activity-evidence-page"),
    path("activities/<str:usage_key>/audit-pack.zip", audit_pack.activity_pack, name="activity-audit-pack"),
    path(
        "activities/<str:usage_key>/audit-pack.zip/email/",
        audit_pack.activity_pack_email,
        name="activity-audit-pack-email",
    ),
    path("activities/<str:usage_key>/classroom/", classroom.slots, name="classroom-slots"),
    path(
        "activities/<str:usage_key>/classroom/<attendance_id:slot_id>/", classroom.slot, name="classroom-slot"
    ),
    path("checkin/<attendance_id:slot_id>/", checkin.checkin_page, name="classroom-checkin"),
    path("dashboard/", dashboard.groups, name="group-dashboard"),
    path("courses/<str:course_key>/", course.course_entry, name="course-entry"),
    path("courses/<str:course_key>/dashboard/", dashboard.dashboard, name="course-dashboard"),
    path(
        "courses/<str:course_key>/certificates/",
        certificate_lifecycle.course_certificates,
        name="course-certificates",
    ),
    path(
        "courses/<str:course_key>/certificates/<str:code>/<str:action>/",
        certificate_lifecycle.change_certificate,
        name="course-certificate-change",
    ),
    path("courses/<str:course_key>/reports/", report_page.reports_page, name="course-reports"),
    path("courses/<str:course_key>/audit-pack.zip", audit_pack.course_pack, name="course-audit-pack"),
    path(
        "courses/<str:course_key>/audit-pack.zip/email/",
        audit_pack.course_pack_email,
        name="course-audit-pack-email",
    ),
    path("courses/<str:course_key>/reports/<str:filename>", reports.download, name="course-report"),
    path(
        "courses/<str:course_key>/reports/<str:filename>/email/",
        reports.email_report,
        name="course-report-email",
    ),
    path("reports/", reports.my_reports, name="my-reports"),
    path("reports/files/<attendance_id:report_id>/", reports.report_file, name="report-file"),
]

"""Routes of ``/api/attendance/v1/``."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

import attendance_app.url_converters  # noqa: F401 - registers <attendance_id:…>
from attendance_app.rest_api.v1 import (
    audit_pack,
    certificate_lifecycle,
    certificates,
    claims,
    classroom_urls,
    cycles,
    docs,
    external,
    presence,
    reports,
    rules,
    sponsors,
    switches,
    units,
    views,
)
from attendance_app.rest_api.v1.personal_data import PersonalDataView

SCHEMA_SETTINGS = {
    "TITLE": "Attendance & Credits API",
    "DESCRIPTION": "Credit units, activity rules, presence, claims and reports for Open edX.",
    "VERSION": docs.API_VERSION,
}


class SchemaView(SpectacularAPIView):
    """The OpenAPI document of this API; left out of the document itself."""

    schema = None
    urlconf = "attendance_app.urls"
    custom_settings = SCHEMA_SETTINGS


urlpatterns = [
    # First: every open page beats every 15 seconds, so its URL is the first one tried (ADR 0034).
    path("presence/beat/", presence.BeatView.as_view(), name="presence-beat"),
    path("", docs.api_index, name="api-index"),
    path("docs/", docs.api_docs, name="api-docs"),
    path("docs/assets/<str:name>", docs.docs_asset, name="api-docs-asset"),
    path("units/", units.UnitListView.as_view(), name="api-unit-list"),
    path("units/templates/", units.UnitChoicesView.as_view(), name="api-unit-templates"),
    path("units/<attendance_id:unit_id>/", units.UnitDetailView.as_view(), name="api-unit-detail"),
    path("units/<attendance_id:unit_id>/archive/", units.UnitArchiveView.as_view(), name="api-unit-archive"),
    path(
        "units/<attendance_id:unit_id>/rotate-secret/",
        units.UnitRotateSecretView.as_view(),
        name="api-unit-rotate-secret",
    ),
    path("credit-requirements/", cycles.RequirementListView.as_view(), name="api-requirement-list"),
    path(
        "credit-requirements/<attendance_id:requirement_id>/",
        cycles.RequirementDetailView.as_view(),
        name="api-requirement-detail",
    ),
    path("activities/<str:usage_key>/", views.ActivitySettingsView.as_view(), name="activity-settings"),
    path("activities/<str:usage_key>/rules/", rules.RuleListView.as_view(), name="activity-rules"),
    path(
        "activities/<str:usage_key>/rules/<attendance_id:rule_id>/",
        rules.RuleDetailView.as_view(),
        name="activity-rule",
    ),
    path("activities/<str:usage_key>/quizzes/", rules.QuizChoicesView.as_view(), name="activity-quizzes"),
    path("activities/<str:usage_key>/evidence/", presence.EvidenceView.as_view(), name="activity-evidence"),
    path(
        "activities/<str:usage_key>/audit-pack/",
        audit_pack.ActivityAuditPackView.as_view(),
        name="api-activity-audit-pack",
    ),
    *classroom_urls.urlpatterns,
    path("activities/<str:usage_key>/claims/", claims.ClaimsView.as_view(), name="activity-claims"),
    path(
        "activities/<str:usage_key>/external-url/<attendance_id:unit_id>/",
        external.ExternalUrlView.as_view(),
        name="activity-external-url",
    ),
    path(
        "external/units/<attendance_id:unit_id>/callback/",
        external.CallbackView.as_view(),
        name="api-external-callback",
    ),
    path(
        "activities/<str:usage_key>/learners/<attendance_id:user_id>/accommodation/",
        presence.LearnerAccommodationView.as_view(),
        name="learner-accommodation",
    ),
    path("me/credits/", claims.MyCreditsView.as_view(), name="api-my-credits"),
    path("users/<str:username>/personal-data/", PersonalDataView.as_view(), name="api-user-personal-data"),
    path(
        "claims/<attendance_id:claim_id>/revoke/", claims.RevokeClaimView.as_view(), name="api-claim-revoke"
    ),
    path(
        "claims/<attendance_id:claim_id>/certificate/",
        certificates.ClaimCertificateView.as_view(),
        name="api-claim-certificate",
    ),
    path(
        "certificates/<str:code>/pdf/", certificates.CertificatePdfView.as_view(), name="api-certificate-pdf"
    ),
    path(
        "certificates/<str:code>/revoke/",
        certificate_lifecycle.RevokeCertificateView.as_view(),
        name="api-certificate-revoke",
    ),
    path(
        "certificates/<str:code>/reissue/",
        certificate_lifecycle.ReissueCertificateView.as_view(),
        name="api-certificate-reissue",
    ),
    path(
        "courses/<path:course_key>/certificates/",
        certificate_lifecycle.CourseCertificatesView.as_view(),
        name="api-course-certificates",
    ),
    path(
        "courses/<path:course_key>/certificate-settings/",
        certificates.CertificateSettingsView.as_view(),
        name="api-certificate-settings",
    ),
    path(
        "courses/<path:course_key>/reports/<str:kind>/",
        reports.CourseReportView.as_view(),
        name="api-course-report",
    ),
    path(
        "courses/<path:course_key>/reports/<str:kind>/email/",
        reports.CourseReportEmailView.as_view(),
        name="api-course-report-email",
    ),
    path(
        "courses/<path:course_key>/reports/<str:kind>/presets/",
        reports.ReportPresetsView.as_view(),
        name="api-course-report-presets",
    ),
    path(
        "courses/<path:course_key>/reports/<str:kind>/presets/<attendance_id:preset_id>/",
        reports.ReportPresetView.as_view(),
        name="api-course-report-preset",
    ),
    path(
        "courses/<path:course_key>/audit-pack/",
        audit_pack.CourseAuditPackView.as_view(),
        name="api-course-audit-pack",
    ),
    path("me/reports/", reports.MyReportFilesView.as_view(), name="api-my-reports"),
    path("presence/answer/", presence.AnswerView.as_view(), name="presence-answer"),
    path("presence/accommodation/", presence.OwnAccommodationView.as_view(), name="presence-accommodation"),
    path("switches/site/", switches.SiteSwitchView.as_view(), name="switch-site"),
    path("switches/orgs/<str:org>/", switches.OrgSwitchView.as_view(), name="switch-org"),
    # Old-style course keys (Org/Number/Run) contain slashes.
    path("switches/courses/<path:course_key>/", switches.CourseSwitchView.as_view(), name="switch-course"),
    path("sponsors/", sponsors.SponsorScopesView.as_view(), name="sponsors"),
    path("sponsors/site/", sponsors.SiteSponsorView.as_view(), name="sponsor-site"),
    path("sponsors/orgs/<str:org>/", sponsors.OrgSponsorView.as_view(), name="sponsor-org"),
    path("sponsors/courses/<path:course_key>/", sponsors.CourseSponsorView.as_view(), name="sponsor-course"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Last: any other address under the API is a JSON 404 (so is an id past the 64-bit range).
    re_path(r"^(?P<rest>.*)$", docs.not_found),
]

"""Routes of ``/api/attendance/v1/``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from attendance_app.rest_api.v1 import certificates, claims, external, presence, rules, switches, units, views

SCHEMA_SETTINGS = {
    "TITLE": "Attendance & Credits API",
    "DESCRIPTION": "Credit units, activity rules, presence, claims and reports for Open edX.",
    "VERSION": "1.0.0",
}


class SchemaView(SpectacularAPIView):
    """The OpenAPI document of this API; left out of the document itself."""

    schema = None
    urlconf = "attendance_app.urls"
    custom_settings = SCHEMA_SETTINGS


urlpatterns = [
    path("units/", units.UnitListView.as_view(), name="api-unit-list"),
    path("units/templates/", units.UnitChoicesView.as_view(), name="api-unit-templates"),
    path("units/<int:unit_id>/", units.UnitDetailView.as_view(), name="api-unit-detail"),
    path("units/<int:unit_id>/archive/", units.UnitArchiveView.as_view(), name="api-unit-archive"),
    path(
        "units/<int:unit_id>/rotate-secret/",
        units.UnitRotateSecretView.as_view(),
        name="api-unit-rotate-secret",
    ),
    path("activities/<str:usage_key>/", views.ActivitySettingsView.as_view(), name="activity-settings"),
    path("activities/<str:usage_key>/rules/", rules.RuleListView.as_view(), name="activity-rules"),
    path(
        "activities/<str:usage_key>/rules/<int:rule_id>/",
        rules.RuleDetailView.as_view(),
        name="activity-rule",
    ),
    path("activities/<str:usage_key>/quizzes/", rules.QuizChoicesView.as_view(), name="activity-quizzes"),
    path("activities/<str:usage_key>/evidence/", presence.EvidenceView.as_view(), name="activity-evidence"),
    path("", include("attendance_app.rest_api.v1.classroom_urls")),
    path("activities/<str:usage_key>/claims/", claims.ClaimsView.as_view(), name="activity-claims"),
    path(
        "activities/<str:usage_key>/external-url/<int:unit_id>/",
        external.ExternalUrlView.as_view(),
        name="activity-external-url",
    ),
    path(
        "external/units/<int:unit_id>/callback/",
        external.CallbackView.as_view(),
        name="api-external-callback",
    ),
    path(
        "activities/<str:usage_key>/learners/<int:user_id>/accommodation/",
        presence.LearnerAccommodationView.as_view(),
        name="learner-accommodation",
    ),
    path("me/credits/", claims.MyCreditsView.as_view(), name="api-my-credits"),
    path(
        "claims/<int:claim_id>/certificate/",
        certificates.ClaimCertificateView.as_view(),
        name="api-claim-certificate",
    ),
    path(
        "certificates/<str:code>/pdf/", certificates.CertificatePdfView.as_view(), name="api-certificate-pdf"
    ),
    path(
        "courses/<path:course_key>/certificate-settings/",
        certificates.CertificateSettingsView.as_view(),
        name="api-certificate-settings",
    ),
    path("presence/beat/", presence.BeatView.as_view(), name="presence-beat"),
    path("presence/answer/", presence.AnswerView.as_view(), name="presence-answer"),
    path("presence/accommodation/", presence.OwnAccommodationView.as_view(), name="presence-accommodation"),
    path("switches/site/", switches.SiteSwitchView.as_view(), name="switch-site"),
    path("switches/orgs/<str:org>/", switches.OrgSwitchView.as_view(), name="switch-org"),
    # Old-style course keys (Org/Number/Run) contain slashes.
    path("switches/courses/<path:course_key>/", switches.CourseSwitchView.as_view(), name="switch-course"),
    path(
        "schema/",
        SchemaView.as_view(),
        name="schema",
    ),
]

"""Routes of ``/api/attendance/v1/``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from attendance_app.rest_api.v1 import views

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
    path("activities/<str:usage_key>/", views.ActivitySettingsView.as_view(), name="activity-settings"),
    path(
        "schema/",
        SchemaView.as_view(),
        name="schema",
    ),
]

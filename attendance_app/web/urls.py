"""Pages under ``/attendance/``."""

from django.urls import path

from attendance_app.web import evidence, units

urlpatterns = [
    path("units/", units.catalogue, name="units"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit-detail"),
    path("activities/<str:usage_key>/evidence/", evidence.activity_evidence, name="activity-evidence-page"),
]

"""Pages under ``/attendance/``."""

from django.urls import path

from attendance_app.web import units

urlpatterns = [
    path("units/", units.catalogue, name="units"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit-detail"),
]

"""URLs the plugin adds to the LMS and Studio."""

from django.urls import include, path

urlpatterns = [
    path("api/attendance/v1/", include("attendance_app.rest_api.v1.urls")),
    path("attendance/", include("attendance_app.web.urls")),
]

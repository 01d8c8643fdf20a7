"""URLs for the test suite: the plugin's own, mounted the way edx-platform mounts them."""

from django.urls import include, path, re_path

urlpatterns = [
    re_path(r"^", include(("attendance_app.urls", "attendance_app"), namespace="attendance_app")),
    path("", include("workbench.urls")),
]

from django.apps import AppConfig


class StandalonePlatformConfig(AppConfig):
    """Plain models standing in for edx-platform's users, courses, roles, cohorts and grades."""

    name = "attendance_app.platform.standalone"
    label = "attendance_standalone"
    verbose_name = "Attendance standalone platform"
    default_auto_field = "django.db.models.BigAutoField"

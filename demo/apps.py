from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Home page, sign-in and the ``seed_demo`` command of the standalone demo."""

    name = "demo"
    label = "attendance_demo"
    default_auto_field = "django.db.models.BigAutoField"

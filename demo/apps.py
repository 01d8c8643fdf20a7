from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Home page, sign-in and the ``seed_demo`` command of the standalone demo."""

    name = "demo"
    label = "attendance_demo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from demo import celery_app  # noqa: F401 - binds the shared tasks to an eager app

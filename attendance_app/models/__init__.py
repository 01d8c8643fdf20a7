"""The app's tables. Import models from here."""

from attendance_app.models.activities import Activity, ActivityMode, MissedPromptPolicy

__all__ = ["Activity", "ActivityMode", "MissedPromptPolicy"]

"""Server-rendered pages of the app (``/attendance/…``); they call :mod:`attendance_app.api` only."""

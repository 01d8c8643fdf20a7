"""The Attendance XBlock: a thin coordinator over :mod:`attendance_app.api`."""

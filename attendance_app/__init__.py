"""Attendance & Credits: the Django app that owns attendance, credit and report state."""

__version__ = "0.1.0"

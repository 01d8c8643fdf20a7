"""Tutor plugin for Attendance & Credits for Open edX."""

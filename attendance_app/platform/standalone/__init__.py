"""The standalone backend: the platform as plain Django models, for the demo and the tests.

Add ``attendance_app.platform.standalone`` to ``INSTALLED_APPS`` and set
``ATTENDANCE_PLATFORM_BACKEND = "attendance_app.platform.standalone.backend.StandaloneBackend"``.
It is never installed in the LMS or Studio.
"""
